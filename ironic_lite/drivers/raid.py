"""Target RAID configurations: what a node's ``target_raid_config`` may
hold, and its check.

A target RAID configuration is ``{"logical_disks": [disk, ...]}``, at
least one disk, each disk an object of the properties in
:data:`LOGICAL_DISK_SCHEMA` (``raid_level`` and ``size_gb`` required).
The property names and values are the Bare Metal API's (API 1.12); the
RAID interface of a node checks a configuration against its schema
(:meth:`ironic_lite.drivers.base.RaidInterface.validate_raid_config`)
and lists the properties (``GET /v1/drivers/{driver}/raid/
logical_disk_properties``).

An empty configuration (``{}``) is no target: it clears the node's.
"""

import jsonschema

from ironic_lite.common import exception

#: RAID levels a logical disk may have.
RAID_LEVELS = ('JBOD', '0', '1', '2', '5', '6', '1+0', '5+0', '6+0')

#: The properties of one logical disk: ``{name: JSON schema}``; each
#: schema's ``description`` is what the API lists for it.
LOGICAL_DISK_PROPERTIES = {
    'raid_level': {
        'type': 'string', 'enum': list(RAID_LEVELS),
        'description': 'The RAID level of the disk: one of %s. Required.'
                       % ', '.join(RAID_LEVELS)},
    'size_gb': {
        'anyOf': [{'type': 'integer', 'minimum': 1},
                  {'type': 'string', 'enum': ['MAX']}],
        'description': 'The size of the disk in GiB (a positive integer), '
                       'or "MAX" for the space the other disks leave. '
                       'Required.'},
    'volume_name': {
        'type': 'string', 'maxLength': 255,
        'description': 'The name the volume gets (the driver names it when '
                       'absent). Optional.'},
    'is_root_volume': {
        'type': 'boolean',
        'description': 'Whether the node boots from this disk (one disk at '
                       'most; false when absent). Optional.'},
    'share_physical_disks': {
        'type': 'boolean',
        'description': 'Whether other logical disks may use the physical '
                       'disks of this one (false when absent). Optional.'},
    'disk_type': {
        'type': 'string', 'enum': ['hdd', 'ssd'],
        'description': 'Physical disks of this kind only: "hdd" or "ssd" '
                       '(any kind when absent). Optional.'},
    'interface_type': {
        'type': 'string', 'enum': ['sata', 'scsi', 'sas'],
        'description': 'Physical disks on this bus only: "sata", "scsi" or '
                       '"sas" (any bus when absent). Optional.'},
    'number_of_physical_disks': {
        'type': 'integer', 'minimum': 1,
        'description': 'How many physical disks make up the disk (the '
                       'fewest its RAID level needs when absent). '
                       'Optional.'},
    'controller': {
        'type': 'string', 'maxLength': 255,
        'description': 'The RAID controller to build the disk on (the '
                       'driver picks one when absent). Optional.'},
    'physical_disks': {
        'type': 'array', 'items': {'type': 'string', 'maxLength': 255},
        'description': 'The physical disks to build the disk from; needs '
                       '"controller" (the driver picks them when absent). '
                       'Optional.'},
}

#: A whole target RAID configuration.
SCHEMA = {
    'type': 'object',
    'properties': {
        'logical_disks': {
            'type': 'array',
            'minItems': 1,
            'items': {
                'type': 'object',
                'properties': LOGICAL_DISK_PROPERTIES,
                'required': ['raid_level', 'size_gb'],
                'additionalProperties': False,
                'dependentRequired': {'physical_disks': ['controller']},
            },
        },
    },
    'required': ['logical_disks'],
    'additionalProperties': False,
}

#: The longest part of a value quoted in a message.
_MAX_QUOTED = 120


def logical_disk_properties():
    """``{property: description}`` of a logical disk's properties."""
    return {name: prop['description']
            for name, prop in LOGICAL_DISK_PROPERTIES.items()}


def _invalid(message):
    return exception.InvalidParameterValue(
        err='RAID config validation error: %s' % message)


def _message(error):
    """The schema error in words: where, and the rule broken."""
    place = '/'.join(str(part) for part in error.absolute_path)
    text = error.message
    if len(text) > _MAX_QUOTED:
        text = text[:_MAX_QUOTED] + '...'
    return '%s (at "%s")' % (text, place) if place else text


def validate(raid_config):
    """Check a target RAID configuration (not an empty one).

    :raises: InvalidParameterValue saying what is wrong: a schema rule
        broken, or more than one root volume.
    """
    validator = jsonschema.Draft202012Validator(SCHEMA)
    error = jsonschema.exceptions.best_match(
        validator.iter_errors(raid_config))
    if error is not None:
        raise _invalid(_message(error))
    roots = [disk for disk in raid_config['logical_disks']
             if disk.get('is_root_volume')]
    if len(roots) > 1:
        raise _invalid('%d logical disks are root volumes; one at most may '
                       'be' % len(roots))
