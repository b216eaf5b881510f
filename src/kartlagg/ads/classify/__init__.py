"""Decide which ads are ATMP and what they ask for. Entry point: kartlagg.ads.classify.classifier."""
