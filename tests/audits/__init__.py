"""Audit tools and their scoring rules."""
