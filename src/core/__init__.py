"""Shared infrastructure (settings, database, errors, security, events, jobs): no domain."""
