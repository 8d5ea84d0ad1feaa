"""Transferencias primarias (trámite -> concentración) and secundarias (-> histórico)."""
