"""Pure-Python matching engine: no Django imports."""
