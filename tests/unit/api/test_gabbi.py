"""Run the declarative HTTP tests in ``gabbits/`` in-process.

Each YAML file is one pytest test: its requests depend on each other
(``$RESPONSE``, ``$HISTORY``), so they run in order in one process
(pytest-xdist may place different files on different workers). The
app behind them has a fresh SQLite database and an in-process conductor
with fake-hardware (fixtures in conftest.py). A file named
``*-pinned.yaml`` runs against an app and a conductor pinned to the
oldest release this code still knows (``[DEFAULT]pin_release_version``),
the deepest compatibility it claims. ``$ENVIRON['RELEASE']`` in a file is
the release this code is (CURRENT_RELEASE).
"""

import glob
import os
import unittest
import uuid

from gabbi import handlers
from gabbi import suitemaker
from gabbi import utils as gabbi_utils
import pytest

from ironic_lite.upgrade import release_mappings

GABBITS = os.path.join(os.path.dirname(__file__), 'gabbits')
FILES = sorted(os.path.basename(path)[:-len('.yaml')]
               for path in glob.glob(os.path.join(GABBITS, '*.yaml')))


def _failures(result):
    return ['%s\n%s' % (test.id(), trace)
            for test, trace in result.failures + result.errors]


def test_every_gabbit_file_is_collected():
    assert len(FILES) >= 10


@pytest.mark.parametrize('name', FILES)
def test_gabbits(name, conf, request):
    if name.endswith('-pinned'):
        conf.config(pin_release_version=release_mappings.pin_choices()[0])
    monkeypatch = request.getfixturevalue('monkeypatch')
    monkeypatch.setenv('RELEASE', release_mappings.CURRENT_RELEASE)
    api_app = request.getfixturevalue('api_app')
    suite_dict = gabbi_utils.load_yaml(
        yaml_file=os.path.join(GABBITS, name + '.yaml'))
    suite = suitemaker.test_suite_from_dict(
        unittest.TestLoader(), name.replace('_', '-'), suite_dict, GABBITS,
        str(uuid.uuid4()), None, None, lambda: api_app,
        handlers=[handler() for handler in handlers.RESPONSE_HANDLERS],
        test_loader_name=__name__)
    result = unittest.TestResult()
    suite.run(result)
    assert not _failures(result), '\n'.join(_failures(result))
    # Every request of the file ran (none was skipped silently).
    assert result.testsRun == len(suite_dict['tests'])
