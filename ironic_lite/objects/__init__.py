"""Versioned objects: what crosses the RPC boundary and is stored in the DB.

``register_all()`` imports every object module; afterwards the newest
registered version of each class is available as ``objects.<Name>``.
"""


def register_all():
    __import__('ironic_lite.objects.allocation')
    __import__('ironic_lite.objects.bios')
    __import__('ironic_lite.objects.chassis')
    __import__('ironic_lite.objects.conductor')
    __import__('ironic_lite.objects.deploy_template')
    __import__('ironic_lite.objects.node')
    __import__('ironic_lite.objects.port')
    __import__('ironic_lite.objects.portgroup')
    __import__('ironic_lite.objects.trait')
    __import__('ironic_lite.objects.volume_connector')
    __import__('ironic_lite.objects.volume_target')
