"""Faturas: a contract's monthly invoice, its boleto and its PIX."""
