"""Scoring how completely each answer is evidenced."""
