"""Errors the client must not see as 500: an unreachable database (in the
API process or behind a conductor) is a 503 with ``Retry-After`` and the
Bare Metal API error body; its log line names the error class only."""

import logging

from oslo_db import exception as db_exc
from oslo_log import formatters
import oslo_messaging as messaging
import pytest
import sqlalchemy as sa

from ironic_lite.api import errors
from ironic_lite.common import exception
from tests import fixtures
from tests.unit.api import utils as api_utils

SECRET = 'Sentinel-Pa55word'
UNAVAILABLE = str(exception.DatabaseUnavailable())
#: Nothing listens there: connections are refused at once.
UNREACHABLE_URL = ('postgresql+psycopg2://postgres@127.0.0.1:9/nowhere'
                   '?connect_timeout=2')


def _sql_error():
    """A database error whose text holds SQL and a parameter."""
    return sa.exc.OperationalError(
        'UPDATE nodes SET driver_info=%(p)s', {'p': SECRET},
        Exception('server closed the connection unexpectedly'))


@pytest.mark.parametrize('error', [
    db_exc.DBConnectionError(_sql_error()),
    db_exc.DBDeadlock(_sql_error()),
    _sql_error(),
    db_exc.DBError(_sql_error()),
    sa.exc.TimeoutError('QueuePool limit reached'),
    exception.DatabaseUnavailable(),
    messaging.RemoteError('DBConnectionError', 'UPDATE nodes %s' % SECRET,
                          'Traceback (most recent call last): ...'),
], ids=lambda error: type(error).__name__)
def test_database_errors_are_503(error, caplog):
    caplog.set_level(logging.DEBUG)
    resp = errors.from_exception(error)
    assert resp.status_int == 503
    assert resp.headers['Retry-After'] == errors.RETRY_AFTER
    fault = api_utils.fault(resp)
    assert fault == {'faultcode': 'Server', 'faultstring': UNAVAILABLE,
                     'debuginfo': None}
    assert SECRET not in caplog.text and 'UPDATE' not in caplog.text
    assert len(caplog.records) == 1


def test_other_database_errors_are_500_without_sql(caplog):
    resp = errors.from_exception(
        db_exc.DBDataError(sa.exc.DataError(
            'INSERT INTO ports VALUES (%(p)s)', {'p': SECRET},
            Exception('value too long'))), debug_tracebacks=True)
    assert resp.status_int == 500
    assert SECRET not in resp.text and SECRET not in caplog.text
    assert 'DBDataError' in caplog.text


def test_remote_errors_are_logged_by_class(caplog):
    resp = errors.from_exception(messaging.RemoteError(
        'KeyError', SECRET, 'Traceback: %s' % SECRET))
    assert resp.status_int == 500
    assert SECRET not in caplog.text and SECRET not in resp.text
    assert "a conductor's KeyError" in caplog.text


def test_every_503_has_retry_after(api_app, monkeypatch):
    from ironic_lite.common import hash_ring

    def no_host(*args, **kwargs):
        raise exception.NoValidHost(reason='no conductor')
    api_utils.request(api_app, 'POST', '/v1/nodes',
                      {'driver': 'fake-hardware', 'name': 'n1'})
    monkeypatch.setattr(hash_ring.HashRingManager, 'get_host', no_host)
    monkeypatch.setattr('ironic_lite.common.rpc.is_local', lambda: False)
    resp = api_utils.request(api_app, 'PUT', '/v1/nodes/n1/states/power',
                             {'target': 'power on'})
    assert resp.status_int == 503
    assert resp.headers['Retry-After'] == errors.RETRY_AFTER


@pytest.fixture
def outage(api_app, conf, db):
    """Yields a function cutting the database off (and back)."""
    def cut(off=True):
        fixtures.use_database(conf, UNREACHABLE_URL if off else db)
    yield cut
    cut(False)


@pytest.fixture
def service_log():
    """The log lines as the services write them (oslo.log's formatter
    adds the first line of the exception being handled to a warning)."""
    lines = []
    handler = logging.Handler(logging.WARNING)
    handler.setFormatter(formatters.ContextFormatter())
    handler.emit = lambda record: lines.append(handler.format(record))
    logging.getLogger().addHandler(handler)
    yield lines
    logging.getLogger().removeHandler(handler)


def test_outage_reads_writes_and_healthcheck(api_app, outage, caplog,
                                             service_log):
    api_utils.request(api_app, 'POST', '/v1/nodes',
                      {'driver': 'fake-hardware', 'name': 'n1',
                       'driver_info': {'ipmi_password': SECRET}})
    outage()
    for method, path, body in (
            ('GET', '/v1/nodes', None),
            ('GET', '/v1/nodes/n1', None),
            ('PATCH', '/v1/nodes/n1',
             [{'op': 'add', 'path': '/extra/a', 'value': 1}]),
            ('POST', '/v1/nodes', {'driver': 'fake-hardware'}),
            ('POST', '/v1/chassis', {'description': SECRET})):
        resp = api_utils.request(api_app, method, path, body)
        assert resp.status_int == 503, (method, path, resp.text)
        assert resp.headers['Retry-After'] == errors.RETRY_AFTER
        assert api_utils.fault(resp)['faultstring'] == UNAVAILABLE
    health = api_utils.request(api_app, 'GET', '/healthcheck')
    assert health.status_int == 503
    assert 'DATABASE UNREACHABLE' in health.text
    assert health.headers['Retry-After'] == errors.RETRY_AFTER
    assert SECRET not in caplog.text and 'SELECT' not in caplog.text
    assert service_log
    for line in service_log:
        # The error class may be named; the driver's message (host, port,
        # "connection refused") and the SQL may not.
        assert 'refused' not in line and 'SELECT' not in line, line
    outage(False)
    assert api_utils.request(api_app, 'GET',
                             '/healthcheck').text == 'OK\nDATABASE OK'
    assert api_utils.request(api_app, 'GET',
                             '/v1/nodes/n1').json['name'] == 'n1'
