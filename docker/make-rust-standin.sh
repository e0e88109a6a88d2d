#!/usr/bin/env bash
# docker/make-rust-standin.sh [IMAGE]   (default ruchy-local/rust-standin:1.95)
#
# Manual, heavy (~1.5 GB image), not part of scripts/docker-test.sh: a local stand-in for the
# upstream `rust:<version>` images, so that the Dockerfile's UPSTREAM mode (planner, cargo-chef
# style dependency layer, cross-compiled arm64, wasm-builder) can be exercised on a machine with
# no registry. A Debian bookworm rootfs from debootstrap (gcc, libc6-dev, ca-certificates) plus
# this host's rustup toolchain (docs left out) under /usr/local/{rustup,cargo}, as in the
# official images. Needs root, debootstrap and the Debian mirror. Then, e.g.:
#
#   export DOCKER_BUILDKIT=1
#   /usr/bin/docker build --build-arg RUST_IMAGE=ruchy-local/rust-standin:1.95 \
#       --build-arg CARGO_JOBS=1 --target runtime -t ruchy-upstream-test:runtime .
#   /usr/bin/docker build --platform linux/arm64 --build-arg RUST_IMAGE=ruchy-local/rust-standin:1.95 \
#       --build-arg CARGO_JOBS=1 --target runtime -t ruchy-upstream-test:runtime-arm64 .
#   /usr/bin/docker build --build-arg RUST_WASM_IMAGE=ruchy-local/rust-standin:1.95 \
#       --build-arg BUSYBOX_IMAGE=ruchy-local/busybox:latest --build-arg CARGO_JOBS=1 \
#       --target wasm-runtime -t ruchy-upstream-test:wasm .
# (The development target's upstream base runs `apk add`, which only a real alpine image has.)
set -euo pipefail
IMAGE=${1:-ruchy-local/rust-standin:1.95}
TOOLCHAIN=$(readlink -f "${RUSTUP_TOOLCHAIN_DIR:-$(rustc --print sysroot)}")
command -v debootstrap >/dev/null || { echo "apt-get install -y debootstrap" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase --include=gcc,libc6-dev,ca-certificates bookworm "$root" \
    http://deb.debian.org/debian >"$root.log" 2>&1 || { tail -20 "$root.log" >&2; exit 1; }
rm -f "$root.log"
name=$(basename "$TOOLCHAIN")
mkdir -p "$root/usr/local/rustup/toolchains" "$root/usr/local/cargo/bin"
tar -C "$(dirname "$TOOLCHAIN")" -cf - --exclude="$name/share/doc" "$name" |
    tar -C "$root/usr/local/rustup/toolchains" -xf -
cp "$(command -v rustup)" "$root/usr/local/cargo/bin/rustup"
for p in cargo rustc rustdoc; do ln -f "$root/usr/local/cargo/bin/rustup" "$root/usr/local/cargo/bin/$p"; done
printf 'version = "12"\ndefault_toolchain = "%s"\nprofile = "minimal"\n\n[overrides]\n' "$name" \
    >"$root/usr/local/rustup/settings.toml"
# This host's CA bundle, so cargo in the container trusts what the host trusts.
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
tar -C "$root" --numeric-owner -cf - . | docker import \
    --change 'ENV PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV RUSTUP_HOME=/usr/local/rustup' --change 'ENV CARGO_HOME=/usr/local/cargo' \
    --change 'CMD ["bash"]' - "$IMAGE" >/dev/null
docker run --rm --pull never "$IMAGE" cargo --version
echo "made $IMAGE"
