"""Chamados (tickets): filing with triage, lists, status, replies."""
