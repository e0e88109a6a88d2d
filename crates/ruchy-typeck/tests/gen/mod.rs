//! Generated Ruchy programs: a varied program of any length (for the benchmark) built from
//! templates covering functions, structs, enums, classes, closures, maps, Option/Result and
//! dynamic code. Deterministic for a seed; every generated program runs without error.

#![allow(dead_code)]

/// A small deterministic random number generator (xorshift).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// One unit of the program (several items and statements), numbered `i`; it may use
/// units before it.
fn unit(r: &mut Rng, i: usize) -> String {
    let k = r.below(9) + 1;
    let m = r.below(50);
    let j = if i > 0 { r.below(i as u64) as usize } else { 0 };
    match r.below(10) {
        0 => format!(
            "fun add_{i}(a: i32, b: i32) -> i32 {{\n    let mut total = a + b\n    for k in 0..{k} {{\n        if k % 2 == 0 {{ total += k }} else {{ total -= 1 }}\n    }}\n    total\n}}\nlet v{i} = add_{i}({m}, {k})\nprintln(\"add\", v{i})\n"
        ),
        1 => format!(
            "struct Point{i} {{ x: f64, y: f64 }}\nimpl Point{i} {{\n    fun new(x: f64, y: f64) -> Point{i} {{ Point{i} {{ x: x, y: y }} }}\n    fun len(&self) -> f64 {{ (self.x * self.x + self.y * self.y).sqrt() }}\n    fun shift(&mut self, d: f64) {{ self.x = self.x + d }}\n}}\nlet mut p{i} = Point{i}::new({k}.0, {m}.5)\np{i}.shift(1.5)\nprintln(p{i}.len())\n"
        ),
        2 => format!(
            "enum Shape{i} {{ Circle(f64), Rect(f64, f64), Dot }}\nfun area_{i}(s) {{\n    match s {{\n        Shape{i}::Circle(r) => 3.14 * r * r,\n        Shape{i}::Rect(w, h) => w * h,\n        Shape{i}::Dot => 0.0,\n    }}\n}}\nlet shapes{i} = [Shape{i}::Circle({k}.0), Shape{i}::Rect(2.0, {m}.0), Shape{i}::Dot]\nprintln(shapes{i}.map(area_{i}).sum())\n"
        ),
        3 => format!(
            "fun pipeline_{i}(xs) {{\n    let doubled = xs.map(|x| x * {k})\n    let big = doubled.filter(|x| x > {m})\n    big.reduce(|a, b| a + b, 0)\n}}\nlet nums{i} = [x for x in 0..{k}0 if x % 3 == 0]\nprintln(pipeline_{i}(nums{i}))\n"
        ),
        4 => format!(
            "fun words_{i}(text) {{\n    let mut counts = {{}}\n    for w in text.split(\" \") {{\n        counts[w] = counts.get(w).unwrap_or(0) + 1\n    }}\n    counts\n}}\nlet wc{i} = words_{i}(\"a b a c b a {m}\")\nfor (w, n) in wc{i}.items() {{ println(w + \":\", n) }}\n"
        ),
        5 => format!(
            "fun parse_{i}(s) -> Result<i32, String> {{\n    if s.len() == 0 {{ return Err(\"empty\") }}\n    Ok(s.len() * {k})\n}}\nfun both_{i}(a, b) -> Result<i32, String> {{ Ok(parse_{i}(a)? + parse_{i}(b)?) }}\nlet r{i} = both_{i}(\"ab\", \"{m}\")\nmatch r{i} {{ Ok(v) => println(v), Err(e) => println(\"error\", e) }}\n"
        ),
        6 => format!(
            "class Counter{i} {{\n    count: i32 = 0\n    new(start: i32) {{ self.count = start }}\n    fun inc(&mut self) {{ self.count += {k} }}\n    fun get(&self) -> i32 {{ self.count }}\n}}\nlet mut c{i} = Counter{i}::new({m})\nc{i}.inc()\nprintln(c{i}.get())\n"
        ),
        7 => format!(
            "fun fib_{i}(n) {{ if n < 2 {{ n }} else {{ fib_{i}(n - 1) + fib_{i}(n - 2) }} }}\nfun compose_{i}(f, g) {{ |x| g(f(x)) }}\nlet h{i} = compose_{i}(|x| x + {k}, |x| x * 2)\nprintln(fib_{i}({k}), h{i}({m}))\n"
        ),
        8 => format!(
            "let mut dyn{i} = [{m}, \"two\", {k}.5, [1]]\nlet mut state{i} = 0\nfor item in dyn{i} {{\n    if type_of(item) == \"integer\" {{ state{i} += item }} else {{ state{i} = str(item) }}\n}}\nprintln(state{i}, len(dyn{i}))\nlet record{i} = {{name: \"n{i}\", size: {k}, tags: [\"a\", \"b\"]}}\nprintln(record{i}.name, record{i}.tags.len())\n"
        ),
        _ => {
            if i == 0 {
                return format!("let base{i} = {k}\nprintln(base{i})\n");
            }
            format!(
                "fun uses_{i}() {{\n    let xs = [{k}, {m}, {k}]\n    let total = xs.sum()\n    let label = f\"total {{total}}\"\n    if total > {m} {{ Some(label) }} else {{ None }}\n}}\nlet o{i} = uses_{i}()\nprintln(o{i}.unwrap_or(\"none\"), {j})\n"
            )
        }
    }
}

/// A varied program of at least `lines` lines.
pub fn program(lines: usize, seed: u64) -> String {
    let mut r = Rng::new(seed);
    let mut out = String::new();
    let mut i = 0;
    while out.lines().count() < lines {
        let mut chunk = String::new();
        for _ in 0..20 {
            chunk.push_str(&unit(&mut r, i));
            i += 1;
        }
        out.push_str(&chunk);
    }
    out
}

pub mod fuzz;
pub mod mixed;
pub mod oracle;
pub mod probe;
