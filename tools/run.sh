#!/usr/bin/env bash
# Prepare and run ironic-lite on its embedded defaults (SQLite under ./var,
# no broker). Configuration: ./var/ironic-lite.conf (written on first run).
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p var
conf=var/ironic-lite.conf
if [ ! -f "$conf" ]; then
    cat > "$conf" <<CONF
[DEFAULT]
state_path = $PWD/var
CONF
fi
.venv/bin/ironic-lite-dbsync --config-file "$conf" upgrade
.venv/bin/ironic-lite-dbsync --config-file "$conf" online_data_migrations
echo "Database ready: $PWD/var/ironic-lite.sqlite (config: $conf)."
