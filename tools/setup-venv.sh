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
    pip=(.venv/bin/pip install -q --disable-pip-version-check)
    log=.venv/install.log
    # One resolution for the requirements and the package.
    if ! { "${pip[@]}" --upgrade pip &&
           "${pip[@]}" -r requirements.txt -r test-requirements.txt -e . ; \
         } >"$log" 2>&1; then
        grep -v '^WARNING' "$log" >&2 || true
        echo "setup-venv: pip failed (log: $log)" >&2
        exit 1
    fi
    .venv/bin/python -c 'import ironic_lite.command.dbsync, pytest, psycopg2, pymysql'
    echo "$inputs" > "$stamp"
fi
