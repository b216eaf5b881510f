"""Incremental ingest from JobTech's JobStream feed (Platsbanken changes since a time)."""
