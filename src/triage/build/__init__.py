"""Install-time model build: the encoder artefact and the ONNX metadata reader it needs."""
