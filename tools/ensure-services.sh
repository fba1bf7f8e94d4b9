#!/usr/bin/env bash
# Make sure the real PostgreSQL, MariaDB and RabbitMQ of this machine are up;
# start any that is down with the machine's own start command.
set -u

wait_for() {  # name, probe command...
    local name=$1; shift
    for _ in $(seq 1 30); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    echo "ensure-services: $name did not come up" >&2
    return 1
}

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    wait_for PostgreSQL pg_isready -h 127.0.0.1 -p 5432 -q || exit 1
fi
if ! mysqladmin -h 127.0.0.1 -u root ping >/dev/null 2>&1; then
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
    wait_for MariaDB mysqladmin -h 127.0.0.1 -u root ping || exit 1
fi
if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    rabbitmq-server -detached || true
    wait_for RabbitMQ rabbitmq-diagnostics -q ping || exit 1
fi
# The ipmi driver's tests drive real BMC emulators with ipmitool.
if ! command -v ipmitool >/dev/null 2>&1; then
    (apt-get install -y -q ipmitool >/dev/null 2>&1 ||
     { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q ipmitool >/dev/null 2>&1; }) ||
        { echo "ensure-services: could not install ipmitool" >&2; exit 1; }
fi
exit 0
