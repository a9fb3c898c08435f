"""Companies, their members and the placements (internships and jobs) they post."""
