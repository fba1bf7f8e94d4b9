#!/usr/bin/env bash
# Install a released version of ironic-lite from its commit alone.
#
#   tools/install-release.sh RELEASE [DEST]
#
# RELEASE is a name listed in RELEASES.txt ("1.0"). The tree of its commit
# is exported with `git archive` (no tag needed: the history of main holds
# the commit), a virtualenv is created in DEST/venv and the release is
# pip-installed there with its own requirements and the database drivers.
# DEST defaults to .releases/RELEASE-COMMIT (git-ignored); an install that
# finished is reused, so only the first call costs anything. Prints the
# virtualenv's bin directory on the last line of stdout.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
release=${1:?usage: tools/install-release.sh RELEASE [DEST]}

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

dest=${2:-$repo/.releases/$release-$sha}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
done_stamp=$dest/.installed

# Two test workers may ask for the same release at once: one installs,
# the other waits for it and reuses the result.
exec 9>"$dest/.lock"
flock 9

if [ ! -f "$done_stamp" ] || [ "$(cat "$done_stamp")" != "$sha" ]; then
    rm -rf "$dest/src" "$dest/venv" "$done_stamp"
    mkdir "$dest/src"
    git -C "$repo" archive --format=tar "$sha" | tar -x -C "$dest/src"
    python3 -m venv "$dest/venv"
    pip=("$dest/venv/bin/pip" install -q --disable-pip-version-check)
    # The archive carries no git metadata for pbr to derive a version from.
    export PBR_VERSION=$release.0
    log=$dest/install.log
    if ! {
        "${pip[@]}" --upgrade pip &&
        "${pip[@]}" -r "$dest/src/requirements.txt" psycopg2-binary PyMySQL &&
        "${pip[@]}" "$dest/src"
    } >"$log" 2>&1; then
        cat "$log" >&2
        echo "install-release: pip failed installing $release (log: $log)" >&2
        exit 1
    fi
    # The release must answer from its own tree, not from this checkout.
    (cd / && "$dest/venv/bin/python" -c '
import ironic_lite, os, sys
import psycopg2, pymysql
assert "/site-packages/" in ironic_lite.__file__, ironic_lite.__file__
for cmd in ("ironic-lite-api", "ironic-lite-conductor", "ironic-lite-dbsync"):
    assert os.access(os.path.join(sys.prefix, "bin", cmd), os.X_OK), cmd
') >&2
    echo "$sha" > "$done_stamp"
fi
echo "$dest/venv/bin"
