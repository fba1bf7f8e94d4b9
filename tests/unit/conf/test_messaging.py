"""oslo.messaging's options, registered by the RPC plumbing
(conf/messaging.py)."""

from oslo_config import cfg
import oslo_messaging

from ironic_lite.conf import messaging


def _conf(tmp_path, text):
    path = tmp_path / 'ironic-lite.conf'
    path.write_text(text)
    conf = cfg.ConfigOpts()
    conf(['--config-file', str(path)], project='ironic-lite',
         default_config_files=[])
    return conf


def test_a_config_file_read_before_registration_is_used(tmp_path):
    conf = _conf(tmp_path, '[DEFAULT]\ntransport_url = '
                           'rabbit://u:p@192.0.2.1:5672/v\n')
    messaging.register_opts(conf)
    assert conf.transport_url == 'rabbit://u:p@192.0.2.1:5672/v'
    assert conf.control_exchange == 'ironic-lite'


def test_registering_twice_and_by_oslo_messaging_agrees(tmp_path):
    conf = _conf(tmp_path, '')
    messaging.register_opts(conf)
    messaging.register_opts(conf)
    # oslo.messaging registers its own copies of the same options; they
    # must equal ours or it raises DuplicateOptError.
    transport = oslo_messaging.get_rpc_transport(conf, url='fake://')
    transport.cleanup()
    assert conf.control_exchange == 'ironic-lite'


def test_the_rpc_plumbing_registers_them_on_the_global_conf():
    from ironic_lite.common import rpc  # noqa: F401 (registers)
    import ironic_lite.conf
    assert 'transport_url' in ironic_lite.conf.CONF
    assert 'rpc_response_timeout' in ironic_lite.conf.CONF
