"""Archival instruments (CGCA, CADIDO, inventarios, actas...): layouts, PDF, open data, codes."""
