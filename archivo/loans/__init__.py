"""Préstamos: expedientes lent from the archivo de concentración to a unit."""
