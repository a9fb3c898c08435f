"""Pages for the company role."""
