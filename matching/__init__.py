"""Reference data (places, skill taxonomy), matches and the matching engine."""
