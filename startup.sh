#!/usr/bin/env bash
# Azure App Service (and container) start command: migrate, then serve with gunicorn on $PORT.
set -euo pipefail
cd "$(dirname "$0")"

python -m src.cli db upgrade
exec gunicorn src.main:app --config gunicorn.conf.py
