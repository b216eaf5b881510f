"""Alerts: coordinators subscribe to new ATMP job ads by competence area and region; e-mail digests."""
