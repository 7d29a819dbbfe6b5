"""The employee's side: career profile, skills history, career map, check-ins, deck."""
