#!/usr/bin/env bash
# Azure App Service (and container) start command: migrate, then serve with gunicorn on $PORT.
set -euo pipefail
cd "$(dirname "$0")"

# The deploy package carries the triage encoder prepared at build time (deploy.yml).
if [ -z "${TRIAGE_MODEL_DIR:-}" ] && [ -d triage-model ]; then
    export TRIAGE_MODEL_DIR="$PWD/triage-model"
fi

python -m src.cli db upgrade
exec gunicorn src.main:app --config gunicorn.conf.py
