#!/usr/bin/env bash
# Create .venv and install the Python packages (idempotent; reinstalls only when requirements change).
set -euo pipefail
cd "$(dirname "$0")/.."
REQ="${1:-requirements.txt}"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.txt "$REQ" | sha256sum | cut -c1-16)-$(basename "$REQ")"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --disable-pip-version-check -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install --disable-pip-version-check -q -r "$REQ" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import streamlit, folium, geopandas, sqlalchemy, alembic, plotly" \
    || { echo "setup: the Python packages did not install" >&2; exit 1; }
  touch "$stamp"
fi
