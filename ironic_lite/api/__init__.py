"""The REST API service: the Bare Metal API v1 on Pecan.

Read ``app.py`` first (the middleware stack), then ``microversion.py``
(what each supported version changes) and ``controllers/v1/__init__.py``
(every route in one table).
"""

from ironic_lite import objects

# NOTE: the controllers name object classes as ``objects.<Name>``, which
# exist once every object module is imported.
objects.register_all()
