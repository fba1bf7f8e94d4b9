"""Config drives given as JSON (API 1.56; ``vendor_data`` from 1.59):
the conductor builds the image the instance reads at first boot.

The image is an ISO 9660 file system labelled ``config-2`` (with Rock
Ridge and Joliet names, as cloud-init and Glean look for them) holding
``openstack/latest/meta_data.json``, ``network_data.json``,
``user_data`` and ``vendor_data2.json``. It is stored in the node's
instance_info ``configdrive`` gzip-compressed and base64-encoded, the
form a configdrive given as text already has.

``meta_data`` gets the node's UUID (``uuid``) and name (``name``) unless
it has them; without ``network_data`` the node's own ``network_data``
(API 1.66) is used.
"""

import base64
import gzip
import io
import json

import pycdlib

from ironic_lite.common import exception

#: The volume label cloud-init looks for.
LABEL = 'config-2'
#: The longest image (as stored: gzip and base64) instance_info keeps,
#: the limit of a configdrive given as text.
MAX_STORED_LENGTH = 65535 // 2

_DIR = ('openstack', 'latest')
#: file name -> its ISO 9660 level 3 (8.3) name.
_FILES = {
    'meta_data.json': 'META_DAT.JSO',
    'network_data.json': 'NETWORK_.JSO',
    'user_data': 'USER_DAT.',
    'vendor_data2.json': 'VENDOR_D.JSO',
}


def _json_bytes(value):
    return json.dumps(value, sort_keys=True).encode('utf-8')


def contents(configdrive, node):
    """The files of the drive: ``{name: bytes}``.

    :param configdrive: the JSON the API took (meta_data, network_data,
        user_data, vendor_data; each optional).
    :param node: the node it is for.
    """
    meta_data = dict(configdrive.get('meta_data') or {})
    meta_data.setdefault('uuid', node.uuid)
    if node.name:
        meta_data.setdefault('name', node.name)
    network_data = configdrive.get('network_data') or node.network_data or {}
    files = {'meta_data.json': _json_bytes(meta_data),
             'network_data.json': _json_bytes(network_data)}
    user_data = configdrive.get('user_data')
    if isinstance(user_data, (dict, list)):
        files['user_data'] = _json_bytes(user_data)
    elif user_data:
        files['user_data'] = str(user_data).encode('utf-8')
    if configdrive.get('vendor_data'):
        files['vendor_data2.json'] = _json_bytes(configdrive['vendor_data'])
    return files


def image(files):
    """The ISO 9660 image (bytes) of ``files`` under openstack/latest."""
    iso = pycdlib.PyCdlib()
    iso.new(interchange_level=3, vol_ident=LABEL, joliet=3,
            rock_ridge='1.09')
    iso_path, joliet_path = '', ''
    for part in _DIR:
        iso_path += '/' + part.upper()[:8]
        joliet_path += '/' + part
        iso.add_directory(iso_path, rr_name=part, joliet_path=joliet_path)
    for name, data in sorted(files.items()):
        iso.add_fp(io.BytesIO(data), len(data),
                   '%s/%s;1' % (iso_path, _FILES[name]), rr_name=name,
                   joliet_path='%s/%s' % (joliet_path, name))
    out = io.BytesIO()
    iso.write_fp(out)
    iso.close()
    return out.getvalue()


def build(configdrive, node):
    """The configdrive as instance_info stores it: the image of
    ``configdrive`` for ``node``, gzip-compressed, base64-encoded.

    :raises: InvalidParameterValue when it is too large to be stored.
    """
    stored = base64.b64encode(gzip.compress(
        image(contents(configdrive, node)), mtime=0)).decode('ascii')
    if len(stored) > MAX_STORED_LENGTH:
        raise exception.InvalidParameterValue(
            err='The configdrive built for node %s takes %d bytes '
                'compressed; at most %d can be stored'
                % (node.uuid, len(stored), MAX_STORED_LENGTH))
    return stored
