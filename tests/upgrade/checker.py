"""What the upgrade tests verify at each step of a rolling upgrade, through
each API: nodes written through one API (one release) read back through
the other, power and provisioning, nothing lost, one maximum microversion
for the fleet, rows in the old release's versions while anything is
pinned, and the new release's features once nothing is."""

import concurrent.futures
import re
import time

from ironic_lite.upgrade import release_mappings
from tests.upgrade import client as client_mod
from tests.upgrade.deployment import NEW

NEW_MAPPING = release_mappings.RELEASE_MAPPING['master']


def mapping(release):
    """The release mapping entry of ``release`` (NEW: 'master')."""
    return NEW_MAPPING if release == NEW else (
        release_mappings.RELEASE_MAPPING[release])


class Checker:
    """What the test verifies at each step, through each API, while the
    deployment goes from release ``old`` to ``new``."""

    def __init__(self, dep, old, new=NEW, earlier=None):
        self.dep = dep
        self.old = mapping(old)
        self.new_release = new
        self.new = mapping(new)
        # A later hop goes on with what the earlier one wrote.
        self.client = earlier.client if earlier else client_mod.Client(dep)
        #: One client for each writer/reader pair, which run at once.
        self.pair_clients = earlier.pair_clients if earlier else [
            client_mod.Client(dep) for _ in dep.API_NAMES]
        #: {uuid: {field: value}} every node the checks wrote and kept.
        self.kept = earlier.kept if earlier else {}
        #: {uuid: address} ports written by a pinned new API and kept, so
        #: that the online data migrations find Port rows to move.
        self.kept_ports = earlier.kept_ports if earlier else {}
        self.seq = earlier.seq if earlier else 0
        self.timings = earlier.timings if earlier else {}
        #: Whether a process of the new release with no pin in its
        #: configuration speaks the new versions: under
        #: pin_release_version = auto (the default from release 3.0), not
        #: until the operator has run "ironic-lite-dbsync finalize".
        self.finalized = True

    def clients(self):
        """Every client the checks made calls with."""
        return [self.client] + self.pair_clients

    def urls(self):
        return [self.dep.api_urls[n] for n in self.dep.API_NAMES
                if n in self.dep.processes]

    def _unpinned_new(self, proc):
        return (proc.release == self.new_release and not proc.pin and
                self.finalized)

    def step(self, step):
        started = time.monotonic()
        self.dep.step = step
        self.cross_release_nodes(step)
        self.nothing_lost()
        self.api_versions()
        self.row_versions()
        self.vifs_and_volumes(step)
        self.new_release_features(step)
        self.smartnic_ports_and_indicators(step)
        self.timings[step] = time.monotonic() - started

    def cross_release_nodes(self, step):
        """Create through one API, patch through the other, read through
        both; power and provisioning on the node too. Each pair of APIs
        (writer, reader) at once, with a client of its own."""
        urls = self.urls()
        jobs = []
        for client, writer, reader in zip(self.pair_clients, urls,
                                          urls[1:] + urls[:1]):
            self.seq += 1
            jobs.append((client, step, self.seq, writer, reader))
        with concurrent.futures.ThreadPoolExecutor(len(jobs)) as pool:
            for ident, expected in pool.map(
                    lambda job: self._write_and_read(*job), jobs):
                self.kept[ident] = expected

        # One throwaway node per step, deleted through the other API.
        c = self.client
        node = c.create_node('gone-%s' % step.replace('.', '-'), url=urls[0])
        c.call('DELETE', '/v1/nodes/%s' % node['uuid'], expect=(204,),
               url=urls[-1])
        for url in urls:
            c.call('GET', '/v1/nodes/%s' % node['uuid'], expect=(404,),
                   url=url)

    def _write_and_read(self, c, step, seq, writer, reader):
        name = 'check-%s-%d' % (step.replace('.', '-'), seq)
        node = c.create_node(
            name, url=writer, extra={'step': step},
            properties={'cpus': 2, 'memory_mb': 1024},
            driver_info={'fake_username': 'admin',
                         'fake_password': 'secret-%d' % seq})
        ident = node['uuid']
        c.call('PATCH', '/v1/nodes/%s' % ident,
               [{'op': 'add', 'path': '/extra/patched_by', 'value': reader},
                {'op': 'replace', 'path': '/properties/cpus', 'value': 4}],
               url=reader)
        expected = {'name': name, 'driver': 'fake-hardware',
                    'extra': {'step': step, 'patched_by': reader},
                    'properties': {'cpus': 4, 'memory_mb': 1024},
                    'driver_info': {'fake_username': 'admin',
                                    'fake_password': '******'}}
        for url in (writer, reader):
            self.assert_node(c.get_node(ident, url=url), expected, url)
        c.power(ident, 'power on', url=reader)
        c.provision(ident, 'manage', 'manageable', url=writer)
        expected.update(power_state='power on', provision_state='manageable')
        for url in (writer, reader):
            self.assert_node(c.get_node(ident, url=url), expected, url)
        return ident, expected

    def assert_node(self, node, expected, url):
        got = {k: node.get(k) for k in expected}
        assert got == expected, '%s via %s in step %s' % (
            node['uuid'], url, self.dep.step)

    def nothing_lost(self):
        """Every node written by any earlier step reads back the same
        through every API (one detailed list per API)."""
        for url in self.urls():
            listed = {n['uuid']: n for n in self.client.call(
                'GET', '/v1/nodes/detail?limit=1000',
                url=url).json()['nodes']}
            assert set(self.kept) <= set(listed), url
            for ident, expected in self.kept.items():
                self.assert_node(listed[ident], expected, url)

    def api_versions(self):
        """While any API is old or pinned, every API advertises the old
        release's maximum and refuses versions above it (the new ones learn
        of each other through api_services within a heartbeat); once all
        are new and unpinned, all advertise the new maximum."""
        pinned_max = self.old['api']
        above = '1.%d' % (release_mappings.version_tuple(pinned_max)[1] + 1)
        apis = [self.dep.processes[name] for name in self.dep.API_NAMES]
        held = not all(self._unpinned_new(proc) for proc in apis)
        expected = pinned_max if held else self.new['api']
        for name in self.dep.API_NAMES:
            proc = self.dep.processes[name]
            url = self.dep.api_urls[name]
            deadline = time.monotonic() + 5
            while True:
                resp = self.client.call('GET', '/v1', url=url)
                advertised = resp.headers[
                    'X-OpenStack-Ironic-API-Maximum-Version']
                if advertised == expected or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            self.dep.note('%s advertises max %s' % (proc.label, advertised))
            assert advertised == expected, proc.label
            if held:
                self.client.call('GET', '/v1/nodes', expect=(406,), url=url,
                                 version=above)

    def vifs_and_volumes(self, step):
        """VIFs (API 1.28) and volume targets (1.32), which release 1.0
        advertised but lacked, in use beside the old release: once a new
        API and a new conductor run (pinned or not), attached and created
        through the new API, seen through every API, and the node deleted
        through the last API (of the old release until step 5.2), which
        takes its ports, VIFs and volume targets with it."""
        procs = self.dep.processes
        new_apis = [n for n in self.dep.API_NAMES
                    if procs[n].release == self.new_release]
        if not new_apis or not any(
                procs[n].release == self.new_release
                for n in self.dep.CONDUCTOR_NAMES):
            return
        c = self.client
        writer = self.dep.api_urls[new_apis[0]]
        if not self.kept_ports:
            kept = c.create_node('kept-port', url=writer)
            address = '52:54:02:00:00:01'
            self.kept_ports[c.call('POST', '/v1/ports', {
                'node_uuid': kept['uuid'], 'address': address},
                expect=(201,), url=writer).json()['uuid']] = address
        for url in self.urls():
            for ident, address in self.kept_ports.items():
                got = c.call('GET', '/v1/ports/%s' % ident, url=url).json()
                assert got['address'] == address, (url, got)
        self.seq += 1
        node = c.create_node('net-%s' % step.replace('.', '-'), url=writer)
        path = '/v1/nodes/%s' % node['uuid']
        port = c.call('POST', '/v1/ports', {
            'node_uuid': node['uuid'],
            'address': '52:54:00:%02x:%02x:%02x' % (
                self.seq >> 16 & 255, self.seq >> 8 & 255, self.seq & 255)},
            expect=(201,), url=writer, version='1.28').json()
        vif = 'vif-%d' % self.seq
        c.call('POST', path + '/vifs', {'id': vif}, expect=(204,),
               url=writer, version='1.28')
        c.call('POST', '/v1/volume/targets', {
            'node_uuid': node['uuid'], 'volume_type': 'iscsi',
            'boot_index': 0, 'volume_id': 'volume-%d' % self.seq},
            expect=(201,), url=writer, version='1.32')
        assert c.call('GET', path + '/vifs', url=writer,
                      version='1.28').json() == {'vifs': [{'id': vif}]}
        for url in self.urls():
            got = c.call('GET', '/v1/ports/%s' % port['uuid'], url=url,
                         version='1.28').json()
            assert got['internal_info'].get('tenant_vif_port_id') == vif, (
                url, got['internal_info'])
        c.call('DELETE', path, expect=(204,), url=self.urls()[-1])
        for url in self.urls():
            c.call('GET', path, expect=(404,), url=url)
        targets = c.call('GET', '/v1/volume/targets?limit=1000', url=writer,
                         version='1.32').json()['targets']
        gone = 'volume-%d' % self.seq
        assert gone not in [target['volume_id'] for target in targets]

    def new_release_features(self, step):
        """What the new release offers once every API is new and
        unpinned (before, the fleet serves the old maximum): the fields of
        the newest microversion, written through one API and read through
        every API, and the fleet as /v1/conductors shows it."""
        new_max = self.new['api']
        unpinned = [n for n in self.dep.API_NAMES
                    if self._unpinned_new(self.dep.processes[n])]
        if (len(unpinned) < len(self.dep.API_NAMES) or
                release_mappings.version_tuple(new_max) < (1, 51)):
            return
        c = self.client
        writer = self.dep.api_urls[unpinned[0]]
        fields = {'description': 'rack %s' % step, 'owner': 'tenant-a',
                  'automated_clean': False}
        node = c.call('POST', '/v1/nodes', dict(
            {'name': 'new-%s' % step.replace('.', '-'),
             'driver': 'fake-hardware'}, **fields), expect=(201,),
            url=writer, version=new_max).json()
        c.call('PATCH', '/v1/nodes/%s' % node['uuid'],
               [{'op': 'replace', 'path': '/description',
                 'value': 'moved %s' % step}], url=writer, version=new_max)
        fields['description'] = 'moved %s' % step
        for name in self.dep.API_NAMES:
            url = self.dep.api_urls[name]
            got = c.call('GET', '/v1/nodes/%s' % node['uuid'],
                         url=url, version=new_max).json()
            assert {k: got.get(k) for k in fields} == fields, name
        if release_mappings.version_tuple(new_max) >= (1, 55):
            self.deploy_template_everywhere(writer, step)
        # The conductors were unpinned before any API (steps 6.1, 6.2).
        self.unpinned_conductors(writer)

    def deploy_template_everywhere(self, writer, step):
        """A deploy template (1.55, a table and an object the old release
        lacks) created through one unpinned API is read through every
        API, then deleted."""
        c = self.client
        name = 'CUSTOM_UPGRADE_%s' % re.sub('[^A-Z0-9]', '_', step.upper())
        path = '/v1/deploy_templates/%s' % name
        c.call('POST', '/v1/deploy_templates', {'name': name, 'steps': [
            {'interface': 'raid', 'step': 'delete_configuration',
             'args': {}, 'priority': 5}]}, expect=(201,), url=writer,
            version='1.55')
        for api in self.dep.API_NAMES:
            got = c.call('GET', path, url=self.dep.api_urls[api],
                         version='1.55').json()
            assert [s['step'] for s in got['steps']] == [
                'delete_configuration'], api
        c.call('DELETE', path, expect=(204,), url=writer, version='1.55')

    def smartnic_ports_and_indicators(self, step):
        """Once every API is new and unpinned (API 1.53 and 1.63 are
        served): a Smart NIC port written through one API reads the same
        through every API, and a node's indicator set through one API (its
        conductor, RPC 2.4) reads back through every API."""
        unpinned = [n for n in self.dep.API_NAMES
                    if self._unpinned_new(self.dep.processes[n])]
        if (len(unpinned) < len(self.dep.API_NAMES) or
                release_mappings.version_tuple(self.new['api']) < (1, 63)):
            return
        c = self.client
        writer = self.dep.api_urls[unpinned[0]]
        self.seq += 1
        node = c.create_node('nic-%s' % step.replace('.', '-'), url=writer)
        link = {'port_id': 'rep-%d' % self.seq, 'hostname': 'dpu-a'}
        port = c.call('POST', '/v1/ports', {
            'node_uuid': node['uuid'], 'is_smartnic': True,
            'local_link_connection': link,
            'address': '52:54:01:%02x:%02x:%02x' % (
                self.seq >> 16 & 255, self.seq >> 8 & 255, self.seq & 255)},
            expect=(201,), url=writer, version='1.53').json()
        led = '/v1/nodes/%s/management/indicators/led@system' % node['uuid']
        c.call('PUT', led, {'state': 'BLINKING'}, expect=(204,),
               url=writer, version='1.63')
        for url in self.urls():
            got = c.call('GET', '/v1/ports/%s' % port['uuid'], url=url,
                         version='1.53').json()
            assert (got['is_smartnic'], got['local_link_connection']) == (
                True, link), url
            assert c.call('GET', led, url=url, version='1.63').json() == {
                'state': 'BLINKING'}, url

    def unpinned_conductors(self, url):
        """GET /v1/conductors?detail=true (1.49), as the guide shows it:
        every conductor alive on the new release, unpinned."""
        conductors = self.client.call(
            'GET', '/v1/conductors?detail=true', url=url,
            version=self.new['api']).json()['conductors']
        fleet = {cd['hostname']: cd for cd in conductors if cd['alive']}
        release = (release_mappings.CURRENT_RELEASE
                   if self.new_release == NEW else self.new_release)
        for name in self.dep.CONDUCTOR_NAMES:
            assert (fleet[name]['release_version'],
                    fleet[name]['pin_release_version']) == (
                release, None), fleet[name]

    def row_versions(self):
        """Until the first service is unpinned every row is written in
        the old release's versions, so the old release can read it."""
        versions = self.dep.row_versions()
        self.dep.note('row versions %s' % versions)
        if not any(self._unpinned_new(p)
                   for p in self.dep.processes.values()):
            for obj_name, counts in versions.items():
                # A class the old release lacks (VolumeConnector in 2.0) is
                # written in its first version, the oldest the new reads.
                old_versions = self.old['objects'].get(obj_name)
                writes = (old_versions[0] if old_versions
                          else NEW_MAPPING['objects'][obj_name][-1])
                assert set(counts) <= {writes}, (obj_name, counts)
