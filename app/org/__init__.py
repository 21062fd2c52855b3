"""Organisation: localities, districts, teams and their service areas."""
