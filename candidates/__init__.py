"""Candidate profiles, skills and languages, programme-sensitive data, trainings."""
