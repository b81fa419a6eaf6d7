"""Incident Atlas domain: incidents, the group registry, the store and filters."""
