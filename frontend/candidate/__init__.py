"""Pages for the candidate role."""
