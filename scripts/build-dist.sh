#!/usr/bin/env bash
# scripts/build-dist.sh — host artifacts and local base images for the OFFLINE image build.
#
#   scripts/build-dist.sh [--arm64] [--no-images] [--no-binary]
#
# Produces (idempotent; cargo rebuilds only what changed, images only when missing or stale):
#   dist/amd64/ruchy     static x86_64 musl binary   (Dockerfile: COPY dist/${TARGETARCH}/ruchy)
#   dist/arm64/ruchy     static aarch64 musl binary, linked with rust-lld   (--arm64)
#   dist/web/            the web REPL: index.html, ruchy_wasm.js, ruchy_wasm_bg.wasm
#                        (docker/web-build.sh; when the real web build is absent, a clearly
#                        marked PLACEHOLDER from docker/web-placeholder/, see dist/web/PLACEHOLDER)
#   ruchy-local/busybox:latest      stand-in for busybox:1.36-musl  (Debian busybox-static)
#   ruchy-local/alpine-tini:latest  stand-in for alpine + tini      (busybox-static + tini-static)
# The stand-ins are `docker import`s of a small rootfs: nothing is pulled from a registry.
#
# Then:  DOCKER_BUILDKIT=1 /usr/bin/docker build --build-arg MODE=offline --target runtime -t ruchy:runtime .
# (docker/README.md has the rest.)
#
# Environment: CARGO_TARGET_DIR (default ./target), RUCHY_BUILD_JOBS (cargo -j, default 1),
# RUCHY_DIST_ARM64=1 (same as --arm64), DOCKER (docker client, default docker).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ARM64=${RUCHY_DIST_ARM64:-0}
IMAGES=1
BINARY=1
for arg in "$@"; do
    case "$arg" in
        --arm64) ARM64=1 ;;
        --no-images) IMAGES=0 ;;
        --no-binary) BINARY=0 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "build-dist: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

JOBS=${RUCHY_BUILD_JOBS:-1}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
DOCKER=${DOCKER:-docker}
DIST=$ROOT/dist
# Bump when the stand-in rootfs recipe below changes: existing images are then rebuilt.
STANDIN_RECIPE=3

log() { printf 'build-dist: %s\n' "$*" >&2; }
die() { printf 'build-dist: ERROR: %s\n' "$*" >&2; exit 1; }

# An ELF is static when it has no program interpreter and no DT_NEEDED entries.
assert_static() {
    local f=$1 hdr
    hdr=$(LC_ALL=C readelf -lW "$f") || die "readelf failed on $f"
    grep -q 'Requesting program interpreter' <<<"$hdr" && die "$f has a program interpreter (not static)"
    if LC_ALL=C readelf -dW "$f" 2>/dev/null | grep '(NEEDED)' >/dev/null; then
        die "$f needs shared libraries (not static)"
    fi
    return 0
}

ensure_rust_target() {
    local t=$1
    rustup target list --installed 2>/dev/null | grep -x "$t" >/dev/null && return 0
    log "rust target $t missing: rustup target add $t"
    rustup target add "$t" || die "cannot add rust target $t (rustup target add $t)"
}

build_binary() { # build_binary DOCKER_ARCH RUST_TARGET
    local arch=$1 target=$2
    ensure_rust_target "$target"
    log "cargo build --release -p ruchy --target $target (nice, -j $JOBS)"
    if [ "$arch" = arm64 ]; then
        # Cross-link with the toolchain's own lld: no aarch64 C toolchain needed.
        export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=${CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER:-rust-lld}
    fi
    nice -n 19 cargo build --release -j "$JOBS" -p ruchy --bin ruchy --target "$target"
    local bin=$CARGO_TARGET_DIR/$target/release/ruchy
    [ -x "$bin" ] || die "cargo did not produce $bin"
    assert_static "$bin"
    mkdir -p "$DIST/$arch"
    # Copy only when changed, so the image build context (and its cache) stays put.
    if ! cmp -s "$bin" "$DIST/$arch/ruchy"; then
        install -m 0755 "$bin" "$DIST/$arch/ruchy.tmp"
        mv -f "$DIST/$arch/ruchy.tmp" "$DIST/$arch/ruchy"
    fi
    log "dist/$arch/ruchy: $(stat -c %s "$DIST/$arch/ruchy") bytes, $(file -b "$DIST/$arch/ruchy" | cut -d, -f1-2)"
}

build_web() {
    local tmp rc=0
    tmp=$(mktemp -d "$DIST/.web.XXXXXX")
    RUCHY_BUILD_JOBS=$JOBS sh "$ROOT/docker/web-build.sh" "$tmp/web" || rc=$?
    if [ "$rc" = 3 ]; then
        log "real web build absent -> dist/web is a PLACEHOLDER (see dist/web/PLACEHOLDER)"
        mkdir -p "$tmp/web"
        cp "$ROOT"/docker/web-placeholder/* "$tmp/web/"
        # (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
        printf '\000asm\001\000\000\000\001\007\001\140\002\177\177\001\177\003\002\001\000\007\007\001\003add\000\000\012\011\001\007\000\040\000\040\001\152\013' \
            >"$tmp/web/ruchy_wasm_bg.wasm"
    elif [ "$rc" != 0 ]; then
        rm -rf "$tmp"
        die "web build failed (docker/web-build.sh exit $rc)"
    fi
    if [ -d "$DIST/web" ] && diff -r -q "$tmp/web" "$DIST/web" >/dev/null 2>&1; then
        rm -rf "$tmp"
    else
        rm -rf "$DIST/web"
        mv "$tmp/web" "$DIST/web"
        rmdir "$tmp"
    fi
    chmod -R a+rX "$DIST/web"
}

# ---------------------------------------------------------------- stand-in base images
standin_id() { # recipe id: recipe version + the exact binaries that go in
    { echo "$STANDIN_RECIPE"; sha256sum "$@"; } | sha256sum | cut -c1-16
}

standin_current() { # standin_current IMAGE ID
    local have
    have=$("$DOCKER" image inspect -f '{{ index .Config.Labels "org.ruchy.standin" }}' "$1" 2>/dev/null) || return 1
    [ "$have" = "$2" ]
}

make_busybox_rootfs() { # make_busybox_rootfs DIR
    local r=$1 applet
    mkdir -p "$r/bin" "$r/sbin" "$r/usr/bin" "$r/usr/sbin" "$r/usr/local/bin" "$r/etc" "$r/tmp" "$r/root" \
        "$r/var/www" "$r/home"
    install -m 0755 /bin/busybox "$r/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [ -e "$r/bin/$applet" ] || ln -s busybox "$r/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$r/etc/passwd"
    printf 'root:x:0:\nnobody:x:65534:\n' >"$r/etc/group"
    printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
    chmod 1777 "$r/tmp"
    chmod 0700 "$r/root"
}

import_rootfs() { # import_rootfs DIR IMAGE ID DESCRIPTION
    local dir=$1 image=$2 id=$3 desc=$4
    tar -C "$dir" --numeric-owner --owner=0 --group=0 -cf - . |
        "$DOCKER" import \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'CMD ["sh"]' \
            --change "LABEL org.ruchy.standin=$id" \
            --change "LABEL org.opencontainers.image.description=\"$desc\"" \
            - "$image" >/dev/null
    log "imported $image ($("$DOCKER" image inspect -f '{{.Size}}' "$image") bytes)"
}

build_standins() {
    command -v "$DOCKER" >/dev/null || die "no docker client ($DOCKER); use --no-images"
    timeout 30 "$DOCKER" info >/dev/null 2>&1 || die "no Docker engine reachable; use --no-images"
    [ -x /bin/busybox ] && /bin/busybox --list | grep -x httpd >/dev/null ||
        die "/bin/busybox with httpd missing: apt-get install -y busybox-static"
    [ -x /usr/bin/tini-static ] || die "/usr/bin/tini-static missing: apt-get install -y tini"

    local work id
    work=$(mktemp -d)

    id=$(standin_id /bin/busybox)
    if standin_current ruchy-local/busybox:latest "$id"; then
        log "ruchy-local/busybox:latest is current"
    else
        make_busybox_rootfs "$work/busybox"
        import_rootfs "$work/busybox" ruchy-local/busybox:latest "$id" \
            "Offline stand-in for busybox:1.36-musl: Debian busybox-static"
    fi

    id=$(standin_id /bin/busybox /usr/bin/tini-static /etc/ssl/certs/ca-certificates.crt)
    if standin_current ruchy-local/alpine-tini:latest "$id"; then
        log "ruchy-local/alpine-tini:latest is current"
    else
        make_busybox_rootfs "$work/dev"
        install -m 0755 /usr/bin/tini-static "$work/dev/sbin/tini"
        if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
            mkdir -p "$work/dev/etc/ssl/certs"
            cp /etc/ssl/certs/ca-certificates.crt "$work/dev/etc/ssl/certs/"
        fi
        import_rootfs "$work/dev" ruchy-local/alpine-tini:latest "$id" \
            "Offline stand-in for alpine + tini + ca-certificates: Debian busybox-static, tini-static"
    fi
    rm -rf "$work"
}

mkdir -p "$DIST"
if [ "$BINARY" = 1 ]; then
    build_binary amd64 x86_64-unknown-linux-musl
    [ "$ARM64" = 1 ] && build_binary arm64 aarch64-unknown-linux-musl
fi
build_web
[ "$IMAGES" = 1 ] && build_standins
log "done: $(cd "$DIST" && find . -type f | sort | tr '\n' ' ')"
