"""Contratos: a customer on a plan, billed monthly; plan changes prorated."""
