#!/bin/sh
# cargo-skeleton.sh SRC DEST
#
# The "cargo chef" pattern of docker-spec.md without cargo-chef: copy the workspace's
# Cargo.toml files and Cargo.lock from SRC into DEST, and give every package stub
# target files (an empty lib.rs, `fn main() {}` for binaries, tests, benches, examples,
# and every `path = "....rs"` a manifest names), so that `cargo build` in DEST compiles
# only the dependencies. The Dockerfile copies DEST into the builder before the real
# sources, so the dependency layer is rebuilt only when a manifest or the lock changes.
# Real build scripts (build.rs) are copied as they are.
#
# POSIX sh + find/sed/grep only (runs in rust:*-alpine's busybox and on Debian).
set -eu

SRC=${1:?usage: cargo-skeleton.sh SRC DEST}
DEST=${2:?usage: cargo-skeleton.sh SRC DEST}
mkdir -p "$DEST"
cd "$SRC"

stub() { # stub FILE CONTENT
    [ -e "$DEST/$1" ] && return 0
    mkdir -p "$DEST/$(dirname "$1")"
    printf '%s\n' "$2" >"$DEST/$1"
}

[ -f Cargo.lock ] && cp Cargo.lock "$DEST/Cargo.lock"

# Manifests outside build output, VCS data and the separately-built fuzz workspace.
find . \( -name target -o -name .git -o -name dist -o -name node_modules -o -path ./fuzz \) -prune \
    -o -name Cargo.toml -type f -print | sort | while IFS= read -r manifest; do
    dir=$(dirname "$manifest")
    mkdir -p "$DEST/$dir"
    cp "$manifest" "$DEST/$manifest"
    grep -q '^\[package\]' "$manifest" || continue

    # Explicit target paths named in the manifest.
    sed -n 's/^[[:space:]]*path[[:space:]]*=[[:space:]]*"\([^"]*\.rs\)".*/\1/p' "$manifest" |
        while IFS= read -r p; do stub "$dir/$p" 'fn main() {}'; done

    # Conventional target roots that exist in the real tree.
    for f in "$dir"/src/main.rs "$dir"/src/bin/*.rs "$dir"/src/bin/*/main.rs \
             "$dir"/tests/*.rs "$dir"/benches/*.rs "$dir"/examples/*.rs "$dir"/examples/*/main.rs; do
        [ -f "$f" ] && stub "$f" 'fn main() {}'
    done
    [ -f "$dir/src/lib.rs" ] && stub "$dir/src/lib.rs" ''
    [ -f "$dir/build.rs" ] && cp "$dir/build.rs" "$DEST/$dir/build.rs"
    # A package with no target of its own still needs one to be a valid manifest.
    [ -f "$dir/src/lib.rs" ] || [ -f "$dir/src/main.rs" ] || stub "$dir/src/lib.rs" ''
done
echo "cargo-skeleton: $(find "$DEST" -name Cargo.toml | wc -l) manifests -> $DEST"
