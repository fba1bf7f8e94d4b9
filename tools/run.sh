#!/usr/bin/env bash
# Run ironic-lite on its embedded defaults: the all-in-one process (API on
# http://127.0.0.1:6385 and a conductor, no broker) on SQLite under ./var.
# Configuration: ./var/ironic-lite.conf (written on first run).
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
.venv/bin/ironic-lite-dbsync --config-file "$conf" online_data_migrations >/dev/null
echo "ironic-lite: API on http://127.0.0.1:6385, database $PWD/var/ironic-lite.sqlite, config $conf; Ctrl-C stops it."
exec .venv/bin/ironic-lite --config-file "$conf"
