"""The documents say what is true: their commands run as written.

README.md's ``make run`` demo runs with the ``baremetal`` CLI against the
all-in-one that ``make run`` starts, each row of its commands table runs
against a throwaway database (services start, answer and stop cleanly on
SIGTERM), and its layout table names paths that exist. doc/upgrade.md's
commands run in tests/upgrade at their step of a real rolling upgrade.
"""

import glob
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request

import pytest
import sqlalchemy as sa

from ironic_lite.db import migration
from tests import docs
from tests import fixtures
from tests.functional import services

README = 'README.md'
UPGRADE = 'doc/upgrade.md'
SERVICES = ('ironic-lite', 'ironic-lite-api', 'ironic-lite-conductor')
#: Values for the placeholders of the commands tables.
PLACEHOLDERS = {'N': 10}


def _requested_labels():
    """The labels the tests' source asks for: the strings in the arguments
    of calls to ``docs.block`` (or a helper named ``guide``)."""
    labels = set()
    for path in glob.glob(os.path.join(docs.REPO, 'tests', '**', '*.py'),
                          recursive=True):
        with open(path) as f:
            for args in re.findall(r'\b(?:block|guide)\(([^()]*)\)',
                                   f.read()):
                labels.update(re.findall(r"'([^']+)'", args))
    return labels


def test_every_block_is_run_or_says_why_not():
    requested = _requested_labels()
    for path in docs.EXECUTED:
        for block in docs.blocks(path):
            where = '%s:%d' % (path, block.line)
            assert block.kind in ('run', 'illustrative'), (
                '%s: mark the block <!-- run: NAME --> (and run it in a '
                'test) or <!-- illustrative: REASON -->' % where)
            assert block.label, '%s: the marker needs a name or a reason' % (
                where)
            if block.kind == 'run':
                assert block.label in requested, (
                    '%s: no test runs block %r' % (where, block.label))


def test_readme_layout_names_real_paths_and_every_package():
    rows = docs.table_rows(README, '## Layout')
    named = []
    for cells in rows:
        dirs = cells[0]
        named += dirs
        for path in dirs:
            assert os.path.exists(os.path.join(docs.REPO, path)), path
        for name in cells[1]:
            if ' ' in name or not re.search(r'(/|\.\w+)$', name):
                continue    # a command or a word, not a path
            assert any(os.path.exists(os.path.join(docs.REPO, base, name))
                       for base in dirs + ['']), (
                '%s (row %s) does not exist' % (name, dirs))
    assert len(named) == len(set(named)), 'a path is listed twice'
    package = os.path.join(docs.REPO, 'ironic_lite')
    for name in sorted(os.listdir(package)):
        if os.path.isfile(os.path.join(package, name, '__init__.py')):
            assert any(p.startswith('ironic_lite/%s/' % name)
                       for p in named), (
                'the layout table does not name ironic_lite/%s/' % name)


# --- the commands table -------------------------------------------------

@pytest.fixture(scope='module')
def rabbit_url():
    with services.rabbit_vhost() as url:
        yield url


def _config(tmp_path, rabbit_url, db_url):
    port = services.free_port()
    path = services.write_config(str(tmp_path / 'ironic-lite.conf'), {
        'DEFAULT': {'host': 'docs-%d' % os.getpid(),
                    'state_path': str(tmp_path),
                    'transport_url': rabbit_url,
                    'hash_ring_reset_interval': 1,
                    'graceful_shutdown_timeout': 5},
        'database': {'connection': db_url},
        'conductor': {'heartbeat_interval': 1,
                      'sync_power_state_interval': 0},
        'api': {'host_ip': '127.0.0.1', 'port': port},
    })
    return path, 'http://127.0.0.1:%d' % port


def _run(args, **kw):
    args = [os.path.join(services.BIN, args[0])] + args[1:]
    return subprocess.run(args, capture_output=True, text=True, timeout=120,
                          **kw)


def _wait_for(url, text, service, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if text.encode() in resp.read():
                    return
        except OSError:
            pass
        if service.process.poll() is not None or (
                time.monotonic() > deadline):
            raise AssertionError('%s did not answer:\n%s' % (
                url, service.log()[-3000:]))
        time.sleep(0.2)


def _start(args, tmp_path):
    """Start ``[program, '--config-file', path]``."""
    assert len(args) == 3 and args[1] == '--config-file', args
    return services.Service(args[0], args[2], str(tmp_path / (
        '%s.log' % args[0]))).start()


def _stop(service):
    code = service.terminate(timeout=60)
    assert code == 0, 'exit %s:\n%s' % (code, service.log()[-3000:])
    assert 'Traceback' not in service.log(), service.log()[-3000:]


@pytest.mark.parametrize('command', docs.table_commands(README, '## Commands'))
def test_readme_command(command, tmp_path, rabbit_url, request):
    """Each command of the table, as written, with ``F`` a config file:
    the tools on SQLite, the services as deployed (the all-in-one on
    SQLite, the API and the conductor on PostgreSQL and RabbitMQ)."""
    program = command.split()[0]
    # The schema commands start from an empty database, the rest from
    # one at this release's schema.
    empty = program == 'ironic-lite-dbsync' and re.search(
        r' (upgrade|version|create_schema)\b', command)
    if program in SERVICES[1:]:
        db_url = request.getfixturevalue('postgresql_url')
        engine = sa.create_engine(db_url)
        migration.upgrade(engine)
        engine.dispose()
    elif empty:
        db_url = 'sqlite:///%s/ironic-lite.sqlite' % tmp_path
    else:
        db_url = fixtures.sqlite_url(str(tmp_path))
    config, url = _config(tmp_path, rabbit_url, db_url)
    args = docs.argv(command, F=config, **PLACEHOLDERS)
    if program not in SERVICES:
        result = _run(args, cwd=str(tmp_path))
        assert result.returncode == 0, result.stdout + result.stderr
        assert 'Traceback' not in result.stderr
        if 'version' in args:
            assert result.stdout.strip() == 'None'
        return
    started = []
    try:
        if program == 'ironic-lite-api':
            # The API needs a live conductor behind it.
            started.append(_start(['ironic-lite-conductor', '--config-file',
                                   config], tmp_path))
            started[-1].wait_for_log('serves RPC', 60)
        started.append(_start(args, tmp_path))
        if program == 'ironic-lite-conductor':
            started[-1].wait_for_log('serves RPC', 60)
        else:
            _wait_for(url + '/v1/drivers', 'fake-hardware', started[-1])
    finally:
        for service in reversed(started):
            _stop(service)


# --- make run and the demo ----------------------------------------------

#: Runs inside a network and mount namespace of its own: port 6385 is
#: free there whatever runs on this machine, and ./var is a directory of
#: the test, so ``make run`` and the demo run exactly as written.
DEMO_DRIVER = r'''
set -euo pipefail
ip link set lo up
mount --bind "$STATE" var
make run > "$STATE/make-run.log" 2>&1 &
make_pid=$!
for _ in $(seq 600); do
    .venv/bin/python -c 'import urllib.request as u
u.urlopen("http://127.0.0.1:6385/v1/drivers", timeout=2)' 2>/dev/null && break
    kill -0 "$make_pid" || { echo "make run exited"; exit 1; }
    sleep 0.2
done
status=0
bash -euo pipefail "$SCRIPTS/demo.sh" || status=$?
bash -euo pipefail "$SCRIPTS/extra.sh" || status=$?
pkill -TERM -P "$make_pid"
wait "$make_pid" || { echo "make run exited $?"; exit 1; }
exit $status
'''


def _namespace():
    if not shutil.which('unshare') or not shutil.which('ip'):
        pytest.fail('needs unshare and ip (util-linux, iproute2)')
    args = ['unshare', '--net', '--mount']
    if os.geteuid() != 0:
        args.append('--map-root-user')
    return args


def test_make_run_and_the_demo(tmp_path):
    state = tmp_path / 'var'
    state.mkdir()
    (tmp_path / 'demo.sh').write_text(docs.block(README, 'make-run-demo'))
    # The client commands the upgrade guide shows, against the same API.
    (tmp_path / 'extra.sh').write_text(
        'export OS_AUTH_TYPE=none OS_ENDPOINT=http://127.0.0.1:6385\n' +
        ''.join('.venv/bin/%s\n' % c
                for c in docs.inline_commands(UPGRADE, 'baremetal')))
    # What `make run` does first, outside the namespace: it has no network
    # for pip (and nothing to do once `make test` has set the venv up).
    subprocess.run([os.path.join(docs.REPO, 'tools', 'setup-venv.sh')],
                   check=True, capture_output=True, timeout=1200)
    var = os.path.join(docs.REPO, 'var')
    made_var = not os.path.isdir(var)
    if made_var:
        os.mkdir(var)
    env = dict(os.environ, STATE=str(state), SCRIPTS=str(tmp_path))
    env.pop('OS_CLOUD', None)
    try:
        proc = subprocess.Popen(
            _namespace() + ['bash', '-c', DEMO_DRIVER], cwd=docs.REPO,
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True)
        try:
            output, _ = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
        log = (state / 'make-run.log').read_text(errors='replace')
        assert proc.returncode == 0, output + '\n--- make run:\n' + log
    finally:
        if made_var:
            os.rmdir(var)
    # The demo's node went through its life: deployed, then powered off.
    assert 'n1' in output and 'active' in output and 'power off' in output, (
        output)
    assert (state / 'ironic-lite.sqlite').is_file()
    assert 'Traceback' not in log, log
