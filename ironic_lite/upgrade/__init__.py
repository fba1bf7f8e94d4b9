"""Rolling upgrades: everything that lets two releases run side by side.

Map of the machinery (read this first when changing an object, an RPC
method, an API microversion or the schema):

* :mod:`.release_mappings` -- for every release, the API max microversion,
  the conductor RPC version and the object versions it reads and writes.
  ``'master'`` is the code in this tree.
* :mod:`.pinning` -- the only reader of ``[DEFAULT]pin_release_version``;
  turns the pin into the RPC version cap, the target version of each object
  and the advertised API max.
* :mod:`.online_migrations` -- batched data migrations run by
  ``ironic-lite-dbsync online_data_migrations`` while services run.
* :mod:`.checks` -- what ``dbsync upgrade`` and ``ironic-lite-status`` verify
  before letting an operator go on.

Each class under :mod:`ironic_lite.objects` states its history next to its
fields, in ``VERSIONS`` (what each version added, what older data means);
the conversions between any two versions derive from it, and the four
boundaries where they run (DB read/write, RPC send/receive) are in
:mod:`ironic_lite.objects.base`.
"""
