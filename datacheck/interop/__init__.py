"""Bridges to pandera and Great Expectations (optional dependencies, imported lazily)."""
