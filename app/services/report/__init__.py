"""The overview report for the safeguarding partnership: its content as plain data (no Qt).

content.py holds the shapes (sections of paragraphs, tables and chart series), build.py
fills them from the other services, export.py writes the file through a renderer that a
view supplies (the PDF is drawn with Qt in app/views/report/)."""
