"""Offline evaluation: metrics on labelled sets, the docs/triage.md report and the CLI."""
