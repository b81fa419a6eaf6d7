#!/usr/bin/env bash
# Set up a bare Debian machine and run every test: .venv, pip packages, Debian's chromium and postgresql.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v node >/dev/null 2>&1 || need+=(nodejs)  # runs atlas/fastmap.js's card renderer in tests/atlas
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "test: installing Debian packages: ${need[*]}"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  # the distribution starts a default cluster on install; the tests start their own
  if [[ " ${need[*]} " == *" postgresql "* ]] && command -v pg_lsclusters >/dev/null; then
    $SUDO pg_ctlcluster --force "$(ls /usr/lib/postgresql | sort -V | tail -1)" main stop 2>/dev/null || true
  fi
fi
bash scripts/setup.sh requirements-dev.txt
export PYTHONDONTWRITEBYTECODE=1
# -m "": every test, browser and slow ones too (pytest.ini leaves them out of a bare `pytest`);
# a -m given to this script comes later and wins.
exec .venv/bin/python -m pytest -m "" "$@"
