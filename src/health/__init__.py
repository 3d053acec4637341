"""Liveness, readiness and the service identification."""
