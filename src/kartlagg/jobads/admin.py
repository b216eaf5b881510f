"""Nothing to administer here: the job ads are in the DuckDB store, managed with `kartlagg ads ...`."""
