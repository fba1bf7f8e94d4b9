#!/usr/bin/env bash
# Run every check of ironic-lite from a fresh clone: set up the
# virtualenv, make sure the real database servers and broker are up, check
# the code with flake8 and OpenStack's hacking (tox.ini [flake8], as
# `tox -e pep8`), then run the unit, functional and upgrade tests with
# pytest on two workers. Tests are handed out one at a time, longest
# first (pytest.ini, tests/conftest.py), so that both workers end
# together. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/setup-venv.sh
tools/ensure-services.sh
. .venv/bin/activate
python -m flake8
exec python -m pytest -n 2 -q tests/unit tests/functional tests/upgrade "$@"
