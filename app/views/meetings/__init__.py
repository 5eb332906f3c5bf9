"""The Meetings and Actions tabs, meeting forms, closure."""
