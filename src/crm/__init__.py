"""CRM: planos, contratos, faturas e pagamentos."""
