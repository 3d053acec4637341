"""Central de Atendimento: customer-service API with automatic triage."""

__version__ = "2.0.0"
# The name GET / reports (v1 contract) and the OpenAPI title.
SERVICE_NAME = "Central de Atendimento Automática"
