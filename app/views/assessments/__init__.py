"""The Assessments tab and the assessment form."""
