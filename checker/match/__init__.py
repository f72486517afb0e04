"""Matching draft sections to the questions they answer."""
