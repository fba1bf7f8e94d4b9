"""The commands README.md and doc/upgrade.md show, read for tests to run.

Every fenced block of those files follows a marker comment:

* ``<!-- run: NAME -->``: a test runs the block; it asks for it with
  ``block(path, NAME)``, so a wrong flag, revision or order fails it;
* ``<!-- illustrative: REASON -->``: no test runs it, for REASON (kept
  for the few blocks that only show a shape, such as a config snippet
  whose values depend on the reader's deployment).

Commands in the first column of a table (``table_commands``) are run by
tests as well. ``tests/functional/test_docs.py`` checks that every block
has a marker and every ``run:`` block is asked for by some test.
"""

import collections
import os
import re
import shlex

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: The documents whose commands tests run.
EXECUTED = ('README.md', 'doc/upgrade.md')

Block = collections.namedtuple('Block', 'kind label lang text line')

_MARKER = re.compile(r'^<!--\s*(run|illustrative):\s*(.*?)\s*-->\s*$')
_FENCE = re.compile(r'^(\s*)```(\S*)\s*$')


def read(path):
    with open(os.path.join(REPO, path)) as f:
        return f.read()


def blocks(path):
    """Every fenced block of ``path``, with the marker before it (kind is
    None when there is none)."""
    found = []
    marker = None
    lines = read(path).splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            indent, lang = fence.groups()
            body = []
            start = i + 1
            i += 1
            while i < len(lines) and lines[i].strip() != '```':
                body.append(lines[i][len(indent):])
                i += 1
            kind, label = marker or (None, None)
            found.append(Block(kind, label, lang, '\n'.join(body) + '\n',
                               start))
            marker = None
        elif line.strip():
            match = _MARKER.match(line.strip())
            marker = match.groups() if match else None
        i += 1
    return found


def block(path, label):
    """The text of the block of ``path`` marked ``<!-- run: label -->``."""
    named = [b for b in blocks(path) if (b.kind, b.label) == ('run', label)]
    if len(named) != 1:
        raise LookupError('%s has %d blocks marked "run: %s"'
                          % (path, len(named), label))
    return named[0].text


def table_rows(path, heading):
    """The rows of the first table after ``heading`` (a line of ``path``):
    for each, the code spans of each cell (header and rule left out)."""
    lines = read(path).splitlines()
    rows, in_table = [], False
    for line in lines[lines.index(heading) + 1:]:
        if line.startswith('|'):
            in_table = True
            # A pipe inside a code span (`a | b`) is no cell border.
            cells = re.split(r'\|(?=(?:[^`]*`[^`]*`)*[^`]*$)', line)[1:-1]
            rows.append([re.findall(r'`([^`]+)`', cell) for cell in cells])
        elif in_table:
            break
    return rows[2:]


def table_commands(path, heading):
    """The command in the first cell of every row of the first table
    after ``heading``, in order."""
    return [cells[0][0] for cells in table_rows(path, heading)
            if cells and len(cells[0]) == 1]


def inline_commands(path, program):
    """Code spans of ``path`` that run ``program`` (e.g. ``baremetal``)."""
    return [span for span in re.findall(r'`([^`\n]+)`', read(path))
            if span.split()[0] == program]


def argv(command, **values):
    """A table command as an argument list: optional ``[...]`` parts left
    out, placeholders (upper-case words such as ``F``) replaced by
    ``values``."""
    words = shlex.split(re.sub(r'\s*\[[^\]]*\]', '', command))
    missing = [w for w in words if w.isupper() and w not in values]
    if missing:
        raise KeyError('%r: no value for %s' % (command, ', '.join(missing)))
    return [str(values.get(w, w)) if w.isupper() else w for w in words]


def sql_statements(text):
    """The statements of a SQL block, comments dropped."""
    code = '\n'.join(line for line in text.splitlines()
                     if not line.lstrip().startswith('--'))
    return [s.strip() for s in code.split(';') if s.strip()]
