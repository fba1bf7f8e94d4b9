"""The database API: ``get_instance()`` returns the Connection in use.

Callers above the DB layer (objects, conductor periodic tasks, dbsync) go
through this module only. The SQLAlchemy implementation's method
docstrings are the contract; there is one backend, so no abstract class
repeats them.
"""

_INSTANCE = None


def get_instance():
    """Return the process-wide DB Connection (created on first use)."""
    global _INSTANCE
    if _INSTANCE is None:
        from ironic_lite.db.sqlalchemy import api as sqlalchemy_api
        _INSTANCE = sqlalchemy_api.Connection()
    return _INSTANCE
