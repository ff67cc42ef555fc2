"""Servers on loopback that keep the documented contracts of remote APIs Vestnik talks to, for
tests and for demos where the real service cannot be reached. Each module's docstring links the
API's reference and lists what the fake enforces."""
