"""Home pages: each person lands on what they came to do."""
