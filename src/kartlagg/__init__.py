"""kartlagg: maps competence needs and education supply for ATMP in Sweden and the Nordics."""

__version__ = "0.1.0"
