"""Oversized bodies get 413 through the real WSGI server (cheroot), even
from a client that writes its whole body before reading the answer."""

import socket
import threading

import pytest

from ironic_lite.api.middleware import body_limit
from ironic_lite.command import api as api_command


@pytest.fixture
def server(api_app, conf):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    conf.config(group='api', port=port)
    srv = api_command.build_server(conf.conf, api_app)
    srv.prepare()
    thread = threading.Thread(target=srv.serve, daemon=True)
    thread.start()
    yield port
    srv.stop()
    thread.join(10)


def _send_all_then_read(port, head, body):
    """Write the request whole, then read the answer (None: the server
    cut the connection first)."""
    with socket.create_connection(('127.0.0.1', port), timeout=30) as sock:
        try:
            sock.sendall(head + body)
        except OSError:
            return None
        answer = b''
        while True:
            data = sock.recv(65536)
            if not data:
                return answer
            answer += data


def _head(extra, length=None):
    head = (b'POST /v1/nodes HTTP/1.1\r\nHost: x\r\n'
            b'Content-Type: application/json\r\n' + extra)
    if length is not None:
        head += b'Content-Length: %d\r\n' % length
    return head + b'\r\n'


def test_ten_megabytes_at_once_get_413(server):
    body = b'{"driver": "fake-hardware", "extra": {"x": "%s"}}' % (
        b'y' * (10 * 1024 * 1024))
    answer = _send_all_then_read(server, _head(b'', len(body)), body)
    assert answer is not None, 'connection cut before the answer'
    assert answer.startswith(b'HTTP/1.1 413 ')
    assert b'Request is too large' in answer


def test_oversized_chunked_body_gets_413(server):
    chunk = b'x' * 65536
    body = b''.join(b'%x\r\n%s\r\n' % (len(chunk), chunk)
                    for _ in range(8)) + b'0\r\n\r\n'
    answer = _send_all_then_read(
        server, _head(b'Transfer-Encoding: chunked\r\n'), body)
    assert answer is not None and answer.startswith(b'HTTP/1.1 413 ')
    assert b'Request is too large' in answer


def test_past_the_discard_limit_the_connection_closes(server, monkeypatch):
    monkeypatch.setattr(body_limit, 'DISCARD_LIMIT', 1024 * 1024)
    with socket.create_connection(('127.0.0.1', server), timeout=30) as sock:
        sock.sendall(_head(b'', 2 * 1024 * 1024) + b'{')
        answer = sock.recv(65536)
    assert answer.startswith(b'HTTP/1.1 413 ')
    assert b'Connection: close' in answer
