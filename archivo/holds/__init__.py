"""Congelamientos (holds): audits, lawsuits, investigations, access requests block disposal."""
