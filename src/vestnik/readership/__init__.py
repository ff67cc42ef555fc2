"""Reads of articles, counted in the page cache's WSGI layer and summed by the worker."""
