"""Pure cores for editorial intelligence: entities, districts, duplicates, related items."""
