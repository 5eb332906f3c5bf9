"""The Concerns tab and the concern form."""
