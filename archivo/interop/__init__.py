"""Interoperability: ISAD(G) descriptions, EAD3/EAD 2002 finding aids, OAI-PMH, AtoM CSV."""
