"""Renderings of results: console tables and HTML scorecards (they never recompute)."""
