// PLACEHOLDER for the wasm-bindgen `--target web` output of crate ruchy-wasm.
// Created by scripts/build-dist.sh from docker/web-placeholder/ because the real web build
// is absent. It has the interface docker/README.md assumes for the real module:
//   export default async function init(moduleOrPath?)  -- fetches ruchy_wasm_bg.wasm
//   export class RuchyRepl { constructor(); eval(input: string): string (throws on error) }
// eval() only understands "INT + INT" (evaluated by the wasm module's add export).
export const PLACEHOLDER = true;
let wasm;

export default async function init(input) {
    if (wasm !== undefined) return wasm;
    const url = input ?? new URL('ruchy_wasm_bg.wasm', import.meta.url);
    // No fallback on purpose: instantiateStreaming rejects a response that is not served
    // as application/wasm, so a wrong Content-Type fails the browser check.
    const { instance } = await WebAssembly.instantiateStreaming(fetch(url), {});
    wasm = instance.exports;
    return wasm;
}

export class RuchyRepl {
    constructor() {
        if (wasm === undefined) throw new Error('call init() first');
    }
    eval(input) {
        const m = /^\s*(-?\d+)\s*\+\s*(-?\d+)\s*$/.exec(input);
        if (!m) throw new Error('placeholder RuchyRepl understands only "INT + INT"');
        return String(wasm.add(Number(m[1]), Number(m[2])));
    }
    free() {}
}
