#!/usr/bin/env bash
# Build the web REPL: crates/ruchy-wasm for wasm32 (release, size-optimised, panic=abort),
# then wasm-bindgen --target web into web/pkg, with the page web/index.html copied beside
# it: web/pkg is the whole site. Serve it with any static server, e.g.
#     ./scripts/build-web.sh && python3 -m http.server -d web/pkg 8000
# wasm-bindgen-cli is pinned to the wasm-bindgen version in Cargo.lock and installed with
# `cargo install` when missing. wasm-opt runs only when a working one (binaryen >= 116) is on
# PATH: Debian's binaryen 108 breaks current wasm-bindgen output.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PKG=${RUCHY_WEB_PKG:-web/pkg}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
log() { printf 'build-web: %s\n' "$*" >&2; }

want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (found: ${have:-none})"
    cargo install -q wasm-bindgen-cli --version "$want"
fi
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true

log "cargo build --release --target wasm32-unknown-unknown -p ruchy-wasm"
# Size over speed for the download; no unwinding in the browser; symbols kept for
# wasm-bindgen (it reads the target_features section) and removed by it.
# The packages Cargo.toml builds at opt-level "s" for the native binary get the same
# opt-level as everything else here.
opt=${RUCHY_WASM_OPT_LEVEL:-z}
overrides=()
for pkg in $(sed -n 's/^\[profile\.release\.package\.\(.*\)\]$/\1/p' Cargo.toml); do
    overrides+=(--config "profile.release.package.$pkg.opt-level=\"$opt\"")
done
CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt CARGO_PROFILE_RELEASE_PANIC=abort CARGO_PROFILE_RELEASE_STRIP=false \
    cargo build -q "${overrides[@]}" --release --target wasm32-unknown-unknown -p ruchy-wasm

mkdir -p "$PKG"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$PKG" \
    "$TARGET_DIR/wasm32-unknown-unknown/release/ruchy_wasm.wasm"

wasm="$PKG/ruchy_wasm_bg.wasm"
opt_version=$(wasm-opt --version 2>/dev/null | grep -o '[0-9]\+' | head -1 || true)
if [ -n "$opt_version" ] && [ "$opt_version" -ge 116 ]; then
    if wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-multivalue --enable-reference-types \
        "$wasm" -o "$wasm.opt"; then
        mv "$wasm.opt" "$wasm"
        log "wasm-opt $opt_version -Oz applied"
    else
        rm -f "$wasm.opt"
        log "wasm-opt $opt_version failed: keeping the unoptimised module"
    fi
else
    log "no working wasm-opt (binaryen >= 116) found: skipped"
fi

raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
log "$wasm: $raw bytes raw, $gz bytes gzip -9"
cp web/index.html "$PKG/index.html"
log "serve it with: python3 -m http.server -d $PKG 8000"
