"""Feedback questionnaires and their rules."""
