"""Vietnamese rules and data: identifiers, administrative units, text hygiene."""
