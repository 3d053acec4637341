"""Central de Atendimento: customer-service API with automatic triage."""

__version__ = "2.0.0"
