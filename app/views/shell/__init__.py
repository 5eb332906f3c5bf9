"""The main window, the Store, the pages and what keeps the open file safe."""
