"""Enrichment of published articles: suggestions, duplicates, «Читайте также», syndication's
background work, the tasks that run them and the worker; above search, below ingest."""
