"""The version of the installed ironic-lite code (from pbr metadata)."""

import functools


@functools.lru_cache(maxsize=None)
def version_string():
    """Return the installed package version, or 'unknown' when not
    installed."""
    from importlib import metadata

    try:
        return metadata.version('ironic-lite')
    except metadata.PackageNotFoundError:
        return 'unknown'
