"""oslo.messaging's [DEFAULT] options (``transport_url``,
``rpc_response_timeout``, ``control_exchange`` ...) and ironic-lite's
defaults for them.

They are not registered on import of :mod:`ironic_lite.conf`: importing
oslo.messaging costs more than everything else the configuration loads,
and the command-line tools never use it. The RPC plumbing
(:mod:`ironic_lite.common.rpc`, which every service and RPC client
imports) registers them; a value set in a configuration file is read
whenever that happens, even after the files were parsed. The sample
configuration lists them through the ``oslo.messaging`` namespace, with
:func:`set_defaults` applied first (setup.cfg's
``oslo.config.opts.defaults`` entry point).
"""

#: Messages go to this exchange (oslo.messaging's default is 'openstack').
CONTROL_EXCHANGE = 'ironic-lite'


def set_defaults():
    """Apply ironic-lite's defaults to oslo.messaging's options.

    Call before the options are registered: oslo.messaging registers its
    own copies and they must equal ours.
    """
    import oslo_messaging
    oslo_messaging.set_transport_defaults(control_exchange=CONTROL_EXCHANGE)


def register_opts(conf):
    """Register oslo.messaging's [DEFAULT] options on ``conf`` (once)."""
    from oslo_messaging import opts as messaging_opts
    set_defaults()
    for group, group_opts in messaging_opts.list_opts():
        if group in (None, 'DEFAULT'):
            for opt in group_opts:
                if opt.dest not in conf:
                    conf.register_opt(opt)
