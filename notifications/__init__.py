"""In-app notifications and e-mail about the placement workflow."""
