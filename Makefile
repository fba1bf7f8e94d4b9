# The README's two commands: `make run` and `make test`.
.PHONY: run test venv pep8 genconfig releasenotes bench

venv:
	tools/setup-venv.sh

run: venv
	tools/run.sh

test:
	tools/test.sh

# What `make test` checks first, alone (the same as tox -e pep8).
pep8: venv
	.venv/bin/python -m flake8

genconfig: venv
	.venv/bin/oslo-config-generator --config-file etc/ironic-lite/ironic-lite-config-generator.conf

releasenotes: venv
	.venv/bin/reno lint

bench: venv
	.venv/bin/python benchmarks/dbsync_version.py
	.venv/bin/python benchmarks/conductor_rpc.py
	.venv/bin/python benchmarks/all_in_one_power.py
	.venv/bin/python benchmarks/api_connection_burst.py
	.venv/bin/python benchmarks/api_side_by_side.py
