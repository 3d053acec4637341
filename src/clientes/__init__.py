"""Clientes (customers)."""
