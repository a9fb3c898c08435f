"""Users, roles and the programme's implementing organisations."""
