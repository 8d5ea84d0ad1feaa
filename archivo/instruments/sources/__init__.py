"""Data sources: what each instrument prints, read from the database (no Flask)."""
