"""Servers on loopback that keep the documented contracts of services out there."""
