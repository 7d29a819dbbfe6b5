"""Career pages, split by topic: profile, skills, map, check-ins, time and log, deck."""
