"""Métricas: counters kept in the writers' transactions, and the reads over them."""
