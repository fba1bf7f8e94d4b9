"""Start-up checks: a service starts on this release's schema or a newer
one, never on an older one; every option, directory and the database URL
are checked before anything runs."""

from oslo_config import cfg
import pytest
import sqlalchemy as sa

from ironic_lite import command
from ironic_lite.command import startup
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


def test_starts_on_this_schema(db, local):
    startup.setup_service('ironic-lite-test', local)


def test_starts_on_a_newer_releases_schema(db, local, capfd):
    _stamp(db, 'f0f0f0f0f0f0')
    startup.setup_service('ironic-lite-test', local)
    # oslo.log, set up by the call, writes to the console.
    captured = capfd.readouterr()
    assert 'newer than this release' in captured.out + captured.err


def test_refuses_an_older_schema(db, local, capsys):
    _stamp(db, '2a1f1c0e3b7d')
    with pytest.raises(SystemExit) as e:
        startup.setup_service('ironic-lite-test', local)
    assert e.value.code == 2
    assert 'run "ironic-lite-dbsync upgrade" first' in capsys.readouterr().err


def _parse(conf, tmp_path, text):
    path = tmp_path / 'checked.conf'
    path.write_text(text)
    conf.conf(['--config-file', str(path)], project='ironic-lite',
              default_config_files=[])
    return str(path)


@pytest.mark.parametrize('text,message', [
    ('[DEFAULT]\nrpc_response_timeout = soon\n',
     'invalid value for [DEFAULT]rpc_response_timeout in {path}: invalid '
     "literal for int() with base 10: 'soon'"),
    ('[conductor]\nworkers_pool_size = -1\n',
     'invalid value for [conductor]workers_pool_size in {path}: Should be '
     'greater than or equal to '),
    ('[database]\nmax_retries = many\n',
     'invalid value for [database]max_retries in {path}'),
])
def test_every_option_is_checked(conf, tmp_path, text, message):
    path = _parse(conf, tmp_path, text)
    with pytest.raises(command.Failure) as e:
        startup.check_options(conf.conf)
    assert str(e.value).startswith(message.format(path=path))


def test_the_value_of_a_secret_option_is_not_repeated(conf, tmp_path):
    conf.conf.register_opt(cfg.IntOpt('pin_code', secret=True),
                           group='test_secret')
    try:
        path = _parse(conf, tmp_path, '[test_secret]\npin_code = s3cr3t\n')
        with pytest.raises(command.Failure) as e:
            startup.check_options(conf.conf)
        assert str(e.value) == ('invalid value for [test_secret]pin_code '
                                'in %s' % path)
    finally:
        conf.conf.reset()
        conf.conf.unregister_opt(cfg.IntOpt('pin_code', secret=True),
                                 group='test_secret')


def test_missing_directories_are_named(conf, tmp_path):
    conf.config(connection='sqlite:///%s/a/b.sqlite' % tmp_path,
                group='database')
    with pytest.raises(command.Failure) as e:
        startup.check_directories(conf.conf)
    assert str(e.value) == (
        'the SQLite database %s/a/b.sqlite ([database]connection): the '
        'directory %s/a does not exist; create it or change the option'
        % (tmp_path, tmp_path))
    conf.config(connection='sqlite://', group='database')
    startup.check_directories(conf.conf, api=True)
    conf.config(healthcheck_disable_file='/nonexistent/x', group='api')
    startup.check_directories(conf.conf)
    with pytest.raises(command.Failure):
        startup.check_directories(conf.conf, api=True)


def test_reason_is_the_drivers_first_line():
    inner = ValueError('the server said no\nSQL: SELECT secret')
    outer = sa.exc.OperationalError('SELECT 1', {'p': 'pw'}, inner)
    assert command.reason(outer) == 'the server said no'


def test_the_key_file_is_created_once_and_kept(conf, tmp_path):
    from ironic_lite.common import secrets
    key_file = tmp_path / 'keys' / 'driver_info.key'
    key_file.parent.mkdir()
    conf.config(driver_info_key_file=str(key_file))
    startup.check_key_file()
    assert oct(key_file.stat().st_mode & 0o777) == '0o600'
    first = key_file.read_bytes()
    secrets._cipher.clear()
    startup.check_key_file()
    assert key_file.read_bytes() == first
    assert [p.name for p in key_file.parent.iterdir()] == ['driver_info.key']
