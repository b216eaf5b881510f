"""Source adapters: each turns one published ad format into normalised AdRecords, streaming.

One module per format, all of the same shape (see base.Adapter): `sniff` recognises a sample record,
`map_record` turns one raw record (a dict) into an AdRecord or raises MalformedRecord. How the records
are read from disk (JSON Lines, .gz, .zip, JSON documents, CSV) is shared in reading.py.
"""
