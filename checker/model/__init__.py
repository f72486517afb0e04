"""Immutable records that flow through the pipeline. Imports nothing else of checker."""
