# Ruchy container images (docker-spec.md, "Build Architecture"). Needs BuildKit
# (DOCKER_BUILDKIT=1, or buildx): it skips the stages a target does not use, which is what
# lets one file serve both modes below. Details: docker/README.md.
#
#   builder ──────────┬─> runtime      (scratch: the static binary only, user 65534)
#                     └─> development  (alpine + tini, `ruchy repl`, web REPL files)
#   wasm-builder ─────┬─> wasm-runtime (busybox httpd on 8080, .wasm as application/wasm)
#                     └─> development
#
# MODE=upstream (default): build from source on upstream base images.
#   docker build --target runtime     -t ruchy:runtime .
#   docker build --target development -t ruchy:dev .
#   docker build --target wasm-runtime -t ruchy:wasm .
#   docker buildx build --platform linux/amd64,linux/arm64 --target runtime -t ruchy:runtime .
# MODE=offline: nothing is pulled; the builder stages copy what scripts/build-dist.sh put in
#   dist/ and the bases are its local stand-ins (ruchy-local/*, from Debian packages).
#   scripts/build-dist.sh && DOCKER_BUILDKIT=1 docker build --build-arg MODE=offline --target runtime -t ruchy:runtime .

ARG MODE=upstream
ARG RUST_VERSION=1.95
ARG RUST_IMAGE=rust:${RUST_VERSION}-alpine
ARG RUST_WASM_IMAGE=rust:${RUST_VERSION}
ARG ALPINE_IMAGE=alpine:3.20
ARG BUSYBOX_IMAGE=busybox:1.36-musl
ARG OFFLINE_DEV_IMAGE=ruchy-local/alpine-tini:latest
ARG OFFLINE_BUSYBOX_IMAGE=ruchy-local/busybox:latest

# ---------------------------------------------------------------------------------------
# Stage 1: native build -> /ruchy (static musl, TARGETARCH amd64 | arm64)
# ---------------------------------------------------------------------------------------

# Dependency caching, cargo-chef style: the planner reduces the source tree to manifests,
# Cargo.lock and stub targets; the builder compiles the dependencies from that skeleton in
# a layer that changes only when a manifest or the lock does.
FROM --platform=$BUILDPLATFORM ${RUST_IMAGE} AS planner
WORKDIR /src
COPY . .
RUN sh docker/cargo-skeleton.sh /src /skeleton

# The builder runs on the build platform and cross-compiles for TARGETARCH; aarch64 is
# linked with the toolchain's rust-lld, so no cross C toolchain or emulation is needed.
FROM --platform=$BUILDPLATFORM ${RUST_IMAGE} AS builder-upstream
ARG TARGETARCH
ARG BUILDARCH
# The specification's openssl packages are not needed: ruchy has no TLS dependency.
RUN if command -v apk >/dev/null; then apk add --no-cache musl-dev; fi
# Map Docker arch to Rust target
RUN case "${TARGETARCH}" in \
      amd64) RUST_TARGET=x86_64-unknown-linux-musl ;; \
      arm64) RUST_TARGET=aarch64-unknown-linux-musl ;; \
      *) echo "Unsupported architecture: ${TARGETARCH}" >&2; exit 1 ;; \
    esac && \
    rustup target add "${RUST_TARGET}" && \
    echo "${RUST_TARGET}" > /rust-target
ENV CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=rust-lld
# Extra flags, e.g. the specification's size-first "-C opt-level=z" (the workspace release
# profile already strips and uses fat LTO; opt-level=z trades interpreter speed for size).
ARG RUSTFLAGS_EXTRA=""
ENV RUSTFLAGS=${RUSTFLAGS_EXTRA}
# Parallel cargo jobs (empty: cargo's default, one per CPU).
ARG CARGO_JOBS=""
WORKDIR /build
COPY --from=planner /skeleton/ ./
RUN --mount=type=cache,id=ruchy-cargo-registry,target=/usr/local/cargo/registry \
    cargo build ${CARGO_JOBS:+-j "$CARGO_JOBS"} --release --target "$(cat /rust-target)" -p ruchy --bin ruchy
COPY . .
# COPY keeps the context's mtimes, which can be older than the stub build: touch the real
# sources so cargo rebuilds the workspace crates.
RUN --mount=type=cache,id=ruchy-cargo-registry,target=/usr/local/cargo/registry \
    RUST_TARGET="$(cat /rust-target)" && \
    find . -path ./target -prune -o -name '*.rs' -exec touch {} + && \
    cargo build ${CARGO_JOBS:+-j "$CARGO_JOBS"} --release --target "${RUST_TARGET}" -p ruchy --bin ruchy && \
    cp "target/${RUST_TARGET}/release/ruchy" /ruchy && \
    ls -l /ruchy && \
    if [ "${TARGETARCH}" = "${BUILDARCH}" ]; then test "$(/ruchy -e '1 + 2')" = 3; fi

# Offline: the binary scripts/build-dist.sh built on the host (dist/amd64, dist/arm64).
FROM scratch AS builder-offline
ARG TARGETARCH
COPY dist/${TARGETARCH}/ruchy /ruchy

FROM builder-${MODE} AS builder

# ---------------------------------------------------------------------------------------
# Stage 2: WASM build -> /wasm/pkg (index.html, ruchy_wasm.js, ruchy_wasm_bg.wasm)
# ---------------------------------------------------------------------------------------
FROM --platform=$BUILDPLATFORM ${RUST_WASM_IMAGE} AS wasm-builder-upstream
# 1: run docker/web-build.sh with RUCHY_WASM_OPT=1 for the specification's wasm-opt -Oz.
ARG WASM_OPT=0
# 1: ship a clearly-marked placeholder page/module when the web REPL sources are absent.
ARG ALLOW_PLACEHOLDER_WEB=0
ARG CARGO_JOBS=""
RUN rustup target add wasm32-unknown-unknown
WORKDIR /build
# wasm-bindgen-cli pinned to the wasm-bindgen version in Cargo.lock, in its own layer.
COPY Cargo.lock ./
COPY docker/web-build.sh docker/web-build.sh
RUN --mount=type=cache,id=ruchy-cargo-registry,target=/usr/local/cargo/registry \
    RUCHY_INSTALL_WASM_BINDGEN=1 RUCHY_WASM_OPT=${WASM_OPT} RUCHY_BUILD_JOBS=${CARGO_JOBS:-$(nproc)} \
    sh docker/web-build.sh --install-tools
COPY . .
RUN --mount=type=cache,id=ruchy-cargo-registry,target=/usr/local/cargo/registry \
    rc=0; RUCHY_WASM_OPT=${WASM_OPT} RUCHY_BUILD_JOBS=${CARGO_JOBS:-$(nproc)} sh docker/web-build.sh /wasm/pkg || rc=$?; \
    if [ "$rc" = 3 ] && [ "${ALLOW_PLACEHOLDER_WEB}" = 1 ]; then \
      echo "WARNING: web REPL sources absent: shipping the PLACEHOLDER from docker/web-placeholder" >&2; \
      mkdir -p /wasm/pkg && cp docker/web-placeholder/* /wasm/pkg/ && \
      printf '\000asm\001\000\000\000\001\007\001\140\002\177\177\001\177\003\002\001\000\007\007\001\003add\000\000\012\011\001\007\000\040\000\040\001\152\013' > /wasm/pkg/ruchy_wasm_bg.wasm; \
    elif [ "$rc" = 3 ]; then \
      echo "ERROR: web REPL sources absent (web/index.html + crates/ruchy-wasm); build with --build-arg ALLOW_PLACEHOLDER_WEB=1 for a placeholder" >&2; exit 1; \
    elif [ "$rc" != 0 ]; then exit "$rc"; fi && \
    ls -l /wasm/pkg

# Offline: dist/web from scripts/build-dist.sh (real build, or its marked placeholder).
FROM scratch AS wasm-builder-offline
COPY dist/web/ /wasm/pkg/

FROM wasm-builder-${MODE} AS wasm-builder

# ---------------------------------------------------------------------------------------
# Stage 3: runtime images
# ---------------------------------------------------------------------------------------

# Alpine development: the base differs by mode (the offline stand-in already has tini).
FROM ${ALPINE_IMAGE} AS development-base-upstream
RUN apk add --no-cache ca-certificates tini

FROM ${OFFLINE_DEV_IMAGE} AS development-base-offline

FROM development-base-${MODE} AS development
COPY --from=builder /ruchy /usr/local/bin/ruchy
# Embedded WASM REPL interface (page + module), as served by wasm-runtime.
COPY --from=wasm-builder /wasm/pkg/ /var/www/wasm-repl/
WORKDIR /workspace
ENTRYPOINT ["tini", "--"]
CMD ["ruchy", "repl"]

# BusyBox WASM runtime. busybox httpd has no built-in MIME type for .wasm (it would send
# application/octet-stream, and browsers refuse to stream-compile that): docker/httpd.conf
# maps it to application/wasm.
FROM ${BUSYBOX_IMAGE} AS wasm-runtime-base-upstream

FROM ${OFFLINE_BUSYBOX_IMAGE} AS wasm-runtime-base-offline

FROM wasm-runtime-base-${MODE} AS wasm-runtime
COPY docker/httpd.conf /etc/httpd.conf
COPY --from=wasm-builder /wasm/pkg/ /www/
USER 65534:65534
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s CMD ["wget", "-q", "-O", "/dev/null", "http://localhost:8080/"]
CMD ["httpd", "-f", "-p", "8080", "-h", "/www", "-c", "/etc/httpd.conf"]

# Scratch runtime (production): no shell, no libc, the single static binary, not root.
# Last, so a plain `docker build .` produces it.
FROM scratch AS runtime
COPY --from=builder /ruchy /ruchy
USER 65534:65534
ENTRYPOINT ["/ruchy"]
