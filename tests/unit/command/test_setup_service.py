"""A service starts on this release's schema or a newer one, never on an
older one."""

import pytest
import sqlalchemy as sa

from ironic_lite import command
from ironic_lite.db.sqlalchemy import enginefacade


def _stamp(url, revision):
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text('UPDATE alembic_version SET version_num = :r'),
                     {'r': revision})
    engine.dispose()
    enginefacade.reset()


@pytest.fixture
def local(conf):
    conf.config(rpc_transport='none')
    return conf.conf


def test_starts_on_this_schema(db, local, capfd):
    # Neither exits (SystemExit) nor warns about the schema.
    command.setup_service('ironic-lite-test', local)
    captured = capfd.readouterr()
    assert 'newer than this release' not in captured.out + captured.err
    assert 'error' not in captured.err


def test_starts_on_a_newer_releases_schema(db, local, capfd):
    _stamp(db, 'f0f0f0f0f0f0')
    command.setup_service('ironic-lite-test', local)
    # oslo.log, set up by the call, writes to the console.
    captured = capfd.readouterr()
    assert 'newer than this release' in captured.out + captured.err


def test_refuses_an_older_schema(db, local, capsys):
    _stamp(db, '2a1f1c0e3b7d')
    with pytest.raises(SystemExit) as e:
        command.setup_service('ironic-lite-test', local)
    assert e.value.code == 1
    assert 'run "ironic-lite-dbsync upgrade" first' in capsys.readouterr().err
