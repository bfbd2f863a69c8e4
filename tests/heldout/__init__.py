"""Held-out acceptance corpus for the extractor (habits the tuned corpus does not have)."""
