"""Planos: what the empresa sells, at a monthly price."""
