"""Measurements and harnesses run by hand or by CI, never inside the test suite."""
