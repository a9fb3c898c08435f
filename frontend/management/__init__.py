"""Management commands of the web front end (translation catalogues)."""
