"""Pages for the coordinator role."""
