"""Baja documental: proposal, GI review, authority dictamen, execution and tombstones."""
