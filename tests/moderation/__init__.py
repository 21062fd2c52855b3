"""Moderation rules: states, selection, working days and agreement statistics."""
