"""Operator authentication: sign-up, login, tokens and the login guard."""
