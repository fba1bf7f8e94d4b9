#!/usr/bin/env bash
# Create .venv and install ironic-lite with its test dependencies (idempotent;
# reinstalls when setup.cfg or the requirements change).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=.venv/.installed
inputs=$(cat setup.cfg requirements.txt test-requirements.txt | sha1sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$inputs" ]; then
    .venv/bin/pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING' || true
    .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt -r test-requirements.txt 2>&1 | grep -v '^WARNING' || true
    .venv/bin/pip install -q --disable-pip-version-check -e . 2>&1 | grep -v '^WARNING' || true
    .venv/bin/python -c 'import ironic_lite.command.dbsync, pytest, psycopg2, pymysql'
    echo "$inputs" > "$stamp"
fi
