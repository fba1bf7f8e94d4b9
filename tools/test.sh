#!/usr/bin/env bash
# Run every test suite of ironic-lite from a fresh clone: set up the
# virtualenv, make sure the real database servers and broker are up, run
# unit and functional tests with pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup-venv.sh
tools/ensure-services.sh
. .venv/bin/activate
exec python -m pytest -n 2 -q tests/unit tests/functional tests/upgrade "$@"
