"""Each empresa's own triage catalog: the intents it changed or created, and its thresholds."""
