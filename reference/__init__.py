"""Reference data on the ground floor: places, the skill taxonomy, its imports and search."""
