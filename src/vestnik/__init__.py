"""Vestnik: a publishing platform for networks of local news outlets."""
