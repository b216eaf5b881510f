"""Job-ad monitoring pipeline (plain Python): ingest -> classify -> store. No Django imports here."""
