"""No Django models: job ads live in the DuckDB store (kartlagg.ads.store), built for millions of rows
and analytical queries; this app only reads summaries from it (selectors.py)."""
