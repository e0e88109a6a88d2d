#!/usr/bin/env bash
# Every check the project has: formatting, lints, unit/golden/conformance tests, wasm build.
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
cargo build -p ruchy-parser -p ruchy-eval --no-default-features --target wasm32-unknown-unknown

printf '\nAll checks passed.\n'
