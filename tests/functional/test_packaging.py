"""What a release of this tree carries when it is built without git.

pbr lists the files git tracks; a tree exported with ``git archive`` (how
``tools/install-release.sh`` installs a release, how a tarball is made)
has no git metadata, so MANIFEST.in and setup.cfg must list them. The
tests build the sdist and the wheel from such a tree, install the wheel
apart from this checkout and run its ``ironic-lite-dbsync``.
"""

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

from ironic_lite.db import migration
from ironic_lite.upgrade import release_mappings

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
VERSION = release_mappings.CURRENT_RELEASE + '.0'
SQLALCHEMY = 'ironic_lite/db/sqlalchemy/'
#: Files an installation cannot run ironic-lite-dbsync without.
PACKAGE_DATA = [SQLALCHEMY + 'alembic.ini',
                SQLALCHEMY + 'alembic/env.py',
                SQLALCHEMY + 'alembic/script.py.mako']
#: pbr leaves these out of every sdist.
NOT_SHIPPED = {'.gitignore'}


def _git(*args):
    return subprocess.run(['git', '-C', REPO] + list(args), check=True,
                          capture_output=True, text=True).stdout


def _tree_files():
    """The files a commit of the working tree would hold: tracked ones and
    new ones git does not ignore, as they are now."""
    names = _git('ls-files', '-z', '--cached', '--others',
                 '--exclude-standard').split('\0')
    return sorted(n for n in names
                  if n and os.path.isfile(os.path.join(REPO, n)))


def _migrations():
    versions = os.path.join(REPO, SQLALCHEMY, 'alembic', 'versions')
    return [SQLALCHEMY + 'alembic/versions/' + name
            for name in sorted(os.listdir(versions)) if name.endswith('.py')]


def _build_env():
    env = dict(os.environ, PBR_VERSION=VERSION,
               # reno's release-notes cache needs git history.
               SKIP_GENERATE_RENO='1')
    env.pop('PYTHONPATH', None)
    return env


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    """{'tree', 'sdist', 'wheel'}: the exported tree and what it built."""
    base = tmp_path_factory.mktemp('packaging')
    tree = base / 'src'
    for name in _tree_files():
        os.makedirs(tree / os.path.dirname(name), exist_ok=True)
        shutil.copy2(os.path.join(REPO, name), tree / name)
    assert not (tree / '.git').exists()
    env = _build_env()
    for args in ([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps',
                  '--no-build-isolation', '--disable-pip-version-check',
                  '-w', str(base / 'dist'), str(tree)],
                 [sys.executable, 'setup.py', '-q', 'sdist', '-d',
                  str(base / 'dist')]):
        result = subprocess.run(args, cwd=tree, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    dist = sorted(os.listdir(base / 'dist'))
    wheel = [n for n in dist if n.endswith('.whl')]
    sdist = [n for n in dist if n.endswith('.tar.gz')]
    assert wheel == ['ironic_lite-%s-py3-none-any.whl' % VERSION], dist
    assert sdist == ['ironic-lite-%s.tar.gz' % VERSION], dist
    return {'tree': tree, 'sdist': base / 'dist' / sdist[0],
            'wheel': base / 'dist' / wheel[0]}


def test_sdist_carries_every_tracked_file(built):
    with tarfile.open(built['sdist']) as tar:
        prefix = 'ironic-lite-%s/' % VERSION
        members = {m.name[len(prefix):] for m in tar.getmembers()
                   if m.isfile()}
    missing = set(_tree_files()) - members - NOT_SHIPPED
    assert not missing, ('MANIFEST.in leaves out %s' % ', '.join(
        sorted(missing)))
    assert set(PACKAGE_DATA + _migrations()) <= members


def test_wheel_carries_migrations_and_config_files(built):
    with zipfile.ZipFile(built['wheel']) as whl:
        names = set(whl.namelist())
    data = 'ironic_lite-%s.data/data/' % VERSION
    expected = set(PACKAGE_DATA + _migrations()) | {
        data + name for name in _tree_files() if name.startswith('etc/')}
    assert not expected - names, sorted(expected - names)


def test_installed_wheel_upgrades_a_database(built, tmp_path):
    target = tmp_path / 'site'
    result = subprocess.run(
        [sys.executable, '-m', 'pip', 'install', '-q', '--no-deps',
         '--disable-pip-version-check', '--target', str(target),
         str(built['wheel'])], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (target / 'etc' / 'ironic-lite' /
            'ironic-lite-config-generator.conf').is_file()
    config = tmp_path / 'ironic-lite.conf'
    config.write_text('[DEFAULT]\nstate_path = %s\n' % tmp_path)
    # The installed code alone: not this checkout (cwd and PYTHONPATH).
    env = dict(os.environ, PYTHONPATH=str(target))

    def run(*args):
        return subprocess.run(
            [sys.executable] + list(args), cwd=str(tmp_path), env=env,
            capture_output=True, text=True, timeout=120)

    where = run('-c', 'import ironic_lite; print(ironic_lite.__file__)')
    assert where.stdout.startswith(str(target)), where.stdout + where.stderr
    dbsync = [str(target / 'bin' / 'ironic-lite-dbsync'),
              '--config-file', str(config)]
    upgrade = run(*dbsync, 'upgrade')
    assert upgrade.returncode == 0, upgrade.stderr
    version = run(*dbsync, 'version')
    assert (version.returncode, version.stdout.strip()) == (
        0, migration.head_revision()), version.stderr
    assert (tmp_path / 'ironic-lite.sqlite').is_file()
