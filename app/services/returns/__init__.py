"""Agency returns: the small workbook an agency fills in with its assessments (no Qt).

    rows = return_rows(session, response_id, "CAMHS")      # who the agency is sent
    export_return(db, "CAMHS", out)                       # write it, record it as sent
    returns_status(session, response_id)                  # sent / received / outstanding

Reading a return that comes back is app/services/importing/returns.py.
"""
