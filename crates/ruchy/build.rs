//! Link options of the `ruchy` binary: on x86_64 musl, every `memcpy` goes through
//! `src/memcpy.rs` (`--wrap=memcpy`), which copies short ranges far faster than musl's.
//! Set here rather than in `.cargo/config.toml` so build scripts and proc macros, which do
//! not have the wrapper, are never linked with it (on an Alpine host, for one).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if env == "musl" && arch == "x86_64" {
        println!("cargo:rustc-link-arg-bins=-Wl,--wrap=memcpy");
    }
}
