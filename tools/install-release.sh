#!/usr/bin/env bash
# Install a released version of ironic-lite from its commit alone.
#
#   tools/install-release.sh RELEASE [DEST]
#   tools/install-release.sh --installed RELEASE [DEST]
#
# RELEASE is a name listed in RELEASES.txt ("1.0"). The tree of its commit
# is exported with `git archive` (no tag needed: the history of main holds
# the commit), a virtualenv is created in DEST/venv and the release is
# pip-installed there with its own requirements and the database drivers.
#
# DEST defaults to a cache shared by every checkout on this machine:
# $IRONIC_LITE_RELEASE_CACHE (default ~/.cache/ironic-lite/releases)
# /RELEASE-COMMIT-pyX.Y. A release is immutable, so an install that
# finished is reused by every later call and every fresh clone; only the
# first costs anything. Prints the virtualenv's bin directory on the last
# line of stdout. With --installed it only says whether that is done
# (exit 0, and the bin directory) or not (exit 3), and installs nothing.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
check_only=
if [ "${1:-}" = --installed ]; then
    check_only=1
    shift
fi
release=${1:?usage: tools/install-release.sh [--installed] RELEASE [DEST]}

sha=$(awk -v r="$release" '$1 == r { print $2 }' "$repo/RELEASES.txt")
if [ -z "$sha" ]; then
    echo "install-release: $release is not in RELEASES.txt (known:" \
         "$(awk '!/^#/ && NF { printf "%s ", $1 }' "$repo/RELEASES.txt"))" >&2
    exit 1
fi
if ! git -C "$repo" cat-file -e "$sha^{commit}" 2>/dev/null; then
    echo "install-release: commit $sha of release $release is not in this" \
         "clone; fetch it (git fetch --unshallow, or git fetch origin $sha)" >&2
    exit 1
fi

python=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
cache=${IRONIC_LITE_RELEASE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ironic-lite/releases}
dest=${2:-$cache/$release-$sha-py$python}
if [ -n "$check_only" ]; then
    if [ "$(cat "$dest/.installed" 2>/dev/null)" = "$sha" ]; then
        echo "$dest/venv/bin"
        exit 0
    fi
    exit 3
fi
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
done_stamp=$dest/.installed

# Test workers and checkouts may ask for the same release at once: one
# installs, the others wait for it and reuse the result.
exec 9>"$dest/.lock"
flock 9

if [ ! -f "$done_stamp" ] || [ "$(cat "$done_stamp")" != "$sha" ]; then
    rm -rf "$dest/src" "$dest/venv" "$done_stamp"
    mkdir "$dest/src"
    git -C "$repo" archive --format=tar "$sha" | tar -x -C "$dest/src"
    if [ ! -f "$dest/src/MANIFEST.in" ]; then
        # A release from before MANIFEST.in (1.0) lets pbr find its
        # package data (alembic.ini, the migrations) through git alone:
        # give its tree a repository of its own with exactly its files.
        git -C "$dest/src" init -q
        git -C "$dest/src" add -A
        git -C "$dest/src" -c user.name=install-release \
            -c user.email=install-release@localhost \
            commit -q -m "ironic-lite $release ($sha)"
    fi
    python3 -m venv "$dest/venv"
    # The archive carries no version for pbr to derive one from.
    export PBR_VERSION=$release.0
    log=$dest/install.log
    # One resolution for everything. Byte-code is compiled here, not by
    # the first processes started, which must answer within a timeout.
    if ! "$dest/venv/bin/pip" install -q --disable-pip-version-check \
            -r "$dest/src/requirements.txt" \
            psycopg2-binary PyMySQL "$dest/src" >"$log" 2>&1; then
        cat "$log" >&2
        echo "install-release: pip failed installing $release (log: $log)" >&2
        exit 1
    fi
    rm -rf "$dest/src/.git"
    # The release must answer from its own tree, not from a checkout, and
    # carry its migrations.
    if ! problem=$(cd / && "$dest/venv/bin/python" -c '
import os, sys
try:
    import ironic_lite, psycopg2, pymysql
    from ironic_lite.db import migration
    assert "/site-packages/" in ironic_lite.__file__, (
        "imports " + ironic_lite.__file__)
    assert migration.head_revision(), "carries no migrations"
    for cmd in ("ironic-lite-api", "ironic-lite-conductor",
                "ironic-lite-dbsync"):
        assert os.access(os.path.join(sys.prefix, "bin", cmd), os.X_OK), (
            "has no " + cmd)
except Exception as e:
    print("%s: %s" % (type(e).__name__, e))
    sys.exit(1)
' 2>&1); then
        echo "install-release: the install of $release is broken:" \
             "${problem//$'\n'/ }" >&2
        exit 1
    fi
    echo "$sha" > "$done_stamp"
fi
echo "$dest/venv/bin"
