"""Pagamentos: money received for invoices, as banks and payment providers report it."""
