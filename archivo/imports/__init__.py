"""Bulk import of CGCA/CADIDO catalogues and expediente inventories from CSV or XLSX."""
