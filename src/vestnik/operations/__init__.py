"""Running an installation for years: backup and restore."""
