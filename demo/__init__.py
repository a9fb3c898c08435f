"""A deterministic demo programme (organisations, companies, placements, candidates) for Spona."""
