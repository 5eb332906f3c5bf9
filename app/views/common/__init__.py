"""What every screen shares: the table model and page, the form protocol, small widgets."""
