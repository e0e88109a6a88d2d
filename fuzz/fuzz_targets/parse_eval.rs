//! Coverage-guided fuzzing of parse + compile + run: any input must end with a value or a
//! clean error, never a panic, hang or native stack overflow.
//!
//! Run with `cargo fuzz run parse_eval` (needs cargo-fuzz; on a stable toolchain prefix
//! `RUSTC_BOOTSTRAP=1`). Seed corpus: `cp ../tests/conformance/*.ruchy corpus/parse_eval/`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ruchy_eval::{BufferOutput, Engine};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    if src.len() > 4096 {
        return;
    }
    let mut engine = Engine::new(Box::new(BufferOutput::default()));
    // keep runaway programs short: about 400k loop iterations or calls
    let mut budget = 100u32;
    engine.vm.set_interrupt(Some(Box::new(move || {
        budget = budget.saturating_sub(1);
        (budget == 0).then(|| "budget exhausted".to_string())
    })));
    engine.vm.max_depth = 2_000;
    engine.vm.max_native_depth = 200;
    let _ = engine.run(src, "<fuzz>", true);
});
