"""Base de conhecimento: artigos versionados e a busca híbrida sobre os seus trechos."""
