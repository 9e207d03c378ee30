"""Benchmarks that print figures (never timed tests), run through ``care benchmark-…``."""
