"""The records of a response: young people, connections, concerns, assessments, places (settings), the response's details (no Qt)."""
