"""`atendimento demo`: a living demo empresa for a newcomer's first look."""
