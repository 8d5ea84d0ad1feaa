"""OAI-PMH 2.0 data provider: public expedientes as oai_dc and EAD3 records."""
