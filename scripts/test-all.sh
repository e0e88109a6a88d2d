#!/usr/bin/env bash
# Every check the project has: formatting, lints, unit/golden/conformance tests, the wasm
# build and its Node and headless-Chromium tests, and the container images on Docker.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (unit, golden, conformance, CLI)"
cargo test --workspace

step "core crates build for wasm32 without default features"
cargo build -p ruchy-parser -p ruchy-eval -p ruchy-repl -p ruchy-typeck --no-default-features --target wasm32-unknown-unknown

step "web REPL: build (scripts/build-web.sh) and size"
./scripts/build-web.sh
wasm_bytes=$(wc -c <web/pkg/ruchy_wasm_bg.wasm)
if [ "$wasm_bytes" -gt 1048576 ]; then
    echo "the .wasm is $wasm_bytes bytes: over the specification's 1 MB hard limit" >&2
    exit 1
fi

step "ruchy-wasm in Node (wasm-bindgen-test)"
cargo test --release -p ruchy-wasm --target wasm32-unknown-unknown

step "web REPL end to end in headless Chromium"
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    python3 scripts/web-e2e.py
elif [ "${RUCHY_SKIP_BROWSER:-0}" = 1 ]; then
    echo "SKIP: chromium/chromedriver not installed (RUCHY_SKIP_BROWSER=1)"
else
    echo "chromium and chromedriver are needed (apt-get install chromium chromium-driver)," >&2
    echo "or set RUCHY_SKIP_BROWSER=1 to skip this step" >&2
    exit 1
fi

step "container images (scripts/docker-test.sh; RUCHY_SKIP_DOCKER=1 without an engine)"
./scripts/docker-test.sh

printf '\nAll checks passed.\n'
