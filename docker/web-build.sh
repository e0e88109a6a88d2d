#!/bin/sh
# docker/web-build.sh OUT_DIR
#
# Builds the real Ruchy web REPL and puts it, flat, into OUT_DIR:
#     index.html  ruchy_wasm.js  ruchy_wasm_bg.wasm   (+ any other files of the pkg dir)
# Used by scripts/build-dist.sh on the host (offline images) and by the Dockerfile's
# upstream `wasm-builder` stage, so both produce the same layout.
#
# How (first that applies):
#   1. $RUCHY_WEB_BUILD_SCRIPT (default scripts/build-web.sh) exists: run it; it must leave
#      the wasm-bindgen `--target web` output in $RUCHY_WEB_PKG (default web/pkg).
#   2. crates/ruchy-wasm exists: cargo build it for wasm32-unknown-unknown, then
#      wasm-bindgen --target web --no-typescript into $RUCHY_WEB_PKG. wasm-bindgen-cli must
#      match the wasm-bindgen version in Cargo.lock; with RUCHY_INSTALL_WASM_BINDGEN=1 it is
#      cargo-installed when missing or different. RUCHY_WASM_OPT=1 also runs wasm-opt -Oz.
#   3. neither: exit 3 ("web sources absent"); the caller decides (build-dist.sh makes a
#      clearly-marked placeholder, the Dockerfile fails unless ALLOW_PLACEHOLDER_WEB=1).
# The page is $RUCHY_WEB_PAGE (default web/index.html); it must import './ruchy_wasm.js'
# (the flat layout served from /www and /var/www/wasm-repl).
#
#   web-build.sh --wasm-bindgen-version   prints the version pinned in Cargo.lock
#   web-build.sh --install-tools          only installs the pinned wasm-bindgen-cli
set -eu

ROOT=${RUCHY_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$ROOT"
PAGE=${RUCHY_WEB_PAGE:-web/index.html}
PKG=${RUCHY_WEB_PKG:-web/pkg}
SCRIPT=${RUCHY_WEB_BUILD_SCRIPT:-scripts/build-web.sh}
CRATE_DIR=${RUCHY_WASM_CRATE_DIR:-crates/ruchy-wasm}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
JOBS=${RUCHY_BUILD_JOBS:-1}

log() { printf 'web-build: %s\n' "$*" >&2; }

wasm_bindgen_version() {
    [ -f Cargo.lock ] || return 0
    awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, "", $3); print $3; exit }' Cargo.lock
}

install_tools() {
    want=$(wasm_bindgen_version)
    if [ -z "$want" ]; then
        log "no wasm-bindgen in Cargo.lock: nothing to install"
        return 0
    fi
    have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
    if [ "$have" = "$want" ]; then
        log "wasm-bindgen $have already installed"
        return 0
    fi
    if [ "${RUCHY_INSTALL_WASM_BINDGEN:-0}" != 1 ]; then
        log "wasm-bindgen-cli $want is needed (found: ${have:-none});"
        log "install it with: cargo install --locked wasm-bindgen-cli --version $want"
        log "(or set RUCHY_INSTALL_WASM_BINDGEN=1)"
        exit 1
    fi
    log "installing wasm-bindgen-cli $want (found: ${have:-none})"
    nice -n 19 cargo install --locked -j "$JOBS" wasm-bindgen-cli --version "$want"
    if [ "${RUCHY_WASM_OPT:-0}" = 1 ] && ! command -v wasm-opt >/dev/null 2>&1; then
        nice -n 19 cargo install --locked -j "$JOBS" wasm-opt
    fi
}

case "${1:-}" in
    --wasm-bindgen-version) wasm_bindgen_version; exit 0 ;;
    --install-tools) install_tools; exit 0 ;;
    ""|-*) echo "usage: $0 OUT_DIR | --wasm-bindgen-version | --install-tools" >&2; exit 2 ;;
esac
OUT=$1

case "$SCRIPT" in /*) ;; *) SCRIPT="$ROOT/$SCRIPT" ;; esac
if [ -f "$SCRIPT" ]; then
    log "running $SCRIPT"
    if [ -x "$SCRIPT" ]; then "$SCRIPT"
    elif command -v bash >/dev/null 2>&1; then bash "$SCRIPT"
    else sh "$SCRIPT"; fi
elif [ -d "$CRATE_DIR" ]; then
    install_tools
    log "cargo build -p ruchy-wasm --target wasm32-unknown-unknown"
    nice -n 19 cargo build --release -j "$JOBS" -p ruchy-wasm --target wasm32-unknown-unknown
    mkdir -p "$PKG"
    wasm-bindgen --target web --no-typescript --out-dir "$PKG" \
        "$TARGET_DIR/wasm32-unknown-unknown/release/ruchy_wasm.wasm"
    if [ "${RUCHY_WASM_OPT:-0}" = 1 ]; then
        wasm-opt -Oz --enable-simd --converge "$PKG/ruchy_wasm_bg.wasm" -o "$PKG/ruchy_wasm_bg.wasm"
    fi
else
    log "web sources absent: no $SCRIPT, no $CRATE_DIR"
    exit 3
fi

for f in "$PAGE" "$PKG/ruchy_wasm.js" "$PKG/ruchy_wasm_bg.wasm"; do
    if [ ! -f "$f" ]; then
        log "the web build did not produce $f"
        exit 1
    fi
done

rm -rf "$OUT"
mkdir -p "$OUT"
# Flat layout: the pkg files (minus wasm-pack's packaging files) and the page beside them.
for f in "$PKG"/*; do
    case "$(basename "$f")" in
        package.json|README.md|.gitignore|*.d.ts) ;;
        *) cp -R "$f" "$OUT"/ ;;
    esac
done
cp "$PAGE" "$OUT/index.html"
log "web REPL -> $OUT ($(wc -c <"$OUT/ruchy_wasm_bg.wasm") byte wasm)"
