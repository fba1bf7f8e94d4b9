"""A TCP proxy on 127.0.0.1 that a test puts between a service and a
server (PostgreSQL, MariaDB, RabbitMQ) to cut the link and restore it.

::

    with TcpProxy(5432) as proxy:      # listens on proxy.port
        ...                            # services use 127.0.0.1:proxy.port
        proxy.cut()                    # every connection closed, new ones
                                       # refused: the server is down
        proxy.restore()                # connections work again
        proxy.blackhole()              # connections stay open and new ones
                                       # are taken, but nothing goes
                                       # through: the server vanished
        proxy.restore()                # what was held goes through

It forwards bytes only; one thread per direction of each connection.
"""

import socket
import threading

_CHUNK = 65536


class TcpProxy:
    """:param target_port: the server's port on ``target_host``.
    :param port: the port to listen on (0: any free one, see ``port``).
    """

    def __init__(self, target_port, target_host='127.0.0.1', port=0):
        self.target = (target_host, target_port)
        self.port = port
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        self._flowing.set()
        self._listener = None
        self._pairs = set()
        self._stopped = False

    # -- life --

    def start(self):
        self._listen()
        return self

    def stop(self):
        self._stopped = True
        self.cut()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def state(self):
        """'open', 'cut' or 'blackhole'."""
        with self._lock:
            if self._listener is None:
                return 'cut'
        return 'open' if self._flowing.is_set() else 'blackhole'

    # -- faults --

    def cut(self):
        """Close every connection and refuse new ones (connection refused),
        as when the server is down."""
        with self._lock:
            listener, self._listener = self._listener, None
            pairs, self._pairs = self._pairs, set()
        if listener is not None:
            _close(listener)
        for pair in pairs:
            for sock in pair:
                _close(sock)
        # Pumps waiting in a black hole see their sockets closed.
        self._flowing.set()

    def blackhole(self):
        """Keep connections open and take new ones, but forward nothing:
        the peers' bytes wait here, as if the server had vanished."""
        self._flowing.clear()

    def restore(self):
        """Forward again (and listen again after a cut)."""
        self._flowing.set()
        with self._lock:
            listening = self._listener is not None
        if not listening and not self._stopped:
            self._listen()

    def connections(self):
        """How many connections go through the proxy now."""
        with self._lock:
            return len(self._pairs)

    # -- plumbing --

    def _listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(('127.0.0.1', self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        with self._lock:
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,),
                         name='proxy-accept-%d' % self.port,
                         daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _addr = listener.accept()
            except OSError:
                return   # cut or stopped
            try:
                server = socket.create_connection(self.target, timeout=10)
                server.settimeout(None)
            except OSError:
                _close(client)
                continue
            pair = (client, server)
            with self._lock:
                if self._listener is not listener:
                    _close(client)
                    _close(server)
                    return
                self._pairs.add(pair)
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(pair, src, dst),
                                 daemon=True).start()

    def _pump(self, pair, src, dst):
        try:
            while True:
                data = src.recv(_CHUNK)
                if not data:
                    break
                self._flowing.wait()
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._pairs.discard(pair)
            for sock in pair:
                _close(sock)


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
