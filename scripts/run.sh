#!/usr/bin/env bash
# Set up and run the dashboard on the embedded default: SQLite under var/, seeded, no network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh requirements.txt
# A server that would listen beyond this machine with sign-in off says why and does not start.
.venv/bin/python -m atlas.access "$@"
exec .venv/bin/python -m streamlit run dashboard.py --server.headless true \
  --browser.gatherUsageStats false "$@"
