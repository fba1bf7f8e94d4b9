"""BMC passwords at rest: encrypted in the stored form of driver_info.

From Node version 1.1 the values of ``driver_info`` keys containing
``password`` are stored as ``fernet:<token>`` (cryptography's Fernet,
AES-128-CBC with HMAC-SHA256), with the key in ``[DEFAULT]
driver_info_key_file``. Objects in memory and RPC messages carry them in
clear, as before; only rows change. Every service of a deployment needs
the same key file.
"""

import logging
import os
import tempfile
import threading

from cryptography import fernet

from ironic_lite.common import exception

LOG = logging.getLogger(__name__)
PREFIX = 'fernet:'

_lock = threading.Lock()
_cipher = {}


def is_secret(key):
    return 'password' in key.lower()


def _create(path):
    """Write a new key at ``path`` unless a file is there; atomic (a
    complete file appears at once), so services starting together never
    read a half-written key."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)),
                               prefix='.driver_info.key.')  # mode 0600
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(fernet.Fernet.generate_key())
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return  # made by another process meanwhile: use that one
        LOG.warning('Created the driver_info key %s; every ironic-lite '
                    'service of this deployment must use this same file',
                    path)
    finally:
        os.unlink(tmp)


def _load(path):
    """The Fernet key in ``path``, created (0600) when there is none."""
    if not os.path.exists(path):
        _create(path)
    with open(path, 'rb') as f:
        return fernet.Fernet(f.read().strip())


def _get():
    from ironic_lite.conf import CONF
    path = CONF.driver_info_key_file
    with _lock:
        if path not in _cipher:
            try:
                _cipher[path] = _load(path)
            except (OSError, ValueError) as e:
                raise exception.ConfigError(
                    reason='cannot use [DEFAULT]driver_info_key_file %s: %s'
                           % (path, e))
        return _cipher[path]


def load_key():
    """Read the key of ``[DEFAULT]driver_info_key_file`` now, creating the
    file when missing; services call it at start so that a key that
    cannot be used stops them there. :raises: ConfigError"""
    _get()


def encrypt(info):
    """A copy of ``info`` with its secrets encrypted."""
    if not info or not any(is_secret(k) for k in info):
        return info
    cipher = _get()
    result = dict(info)
    for key, value in info.items():
        if (is_secret(key) and isinstance(value, str)
                and not value.startswith(PREFIX)):
            result[key] = PREFIX + cipher.encrypt(
                value.encode('utf-8')).decode('ascii')
    return result


def decrypt(info, node=None):
    """A copy of ``info`` with its secrets in clear."""
    if not info or not any(isinstance(v, str) and v.startswith(PREFIX)
                           for v in info.values()):
        return info
    cipher = _get()
    result = dict(info)
    for key, value in info.items():
        if isinstance(value, str) and value.startswith(PREFIX):
            try:
                result[key] = cipher.decrypt(
                    value[len(PREFIX):].encode('ascii')).decode('utf-8')
            except fernet.InvalidToken:
                LOG.error('driver_info/%s of node %s was encrypted with '
                          'another key than [DEFAULT]driver_info_key_file; '
                          'the BMC will refuse it', key, node)
    return result
