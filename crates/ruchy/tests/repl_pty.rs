//! The interactive REPL driven through a pseudo-terminal, as a user types.

use rexpect::session::{spawn_command, PtySession};
use std::process::Command;

fn start() -> PtySession {
    let home = std::env::temp_dir().join(format!(
        "ruchy-pty-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    let _ = std::fs::create_dir_all(&home);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ruchy"));
    cmd.arg("repl")
        .env("NO_COLOR", "1")
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TERM", "xterm");
    let mut p = spawn_command(cmd, Some(10_000)).expect("spawn ruchy repl in a pty");
    p.exp_string("Welcome to Ruchy REPL").expect("banner");
    prompt(&mut p);
    p
}

/// Wait for the prompt, then give the line editor a moment to switch the terminal to raw
/// mode (keys sent before that would be flushed).
fn prompt(p: &mut PtySession) {
    p.exp_string("ruchy> ").expect("prompt");
    std::thread::sleep(std::time::Duration::from_millis(150));
}

fn continuation(p: &mut PtySession) {
    p.exp_string("...... ").expect("continuation prompt");
    std::thread::sleep(std::time::Duration::from_millis(150));
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

#[test]
fn multi_line_function_then_call() {
    let mut p = start();
    p.send_line("fun add(a, b) {").expect("send");
    continuation(&mut p);
    p.send_line("  a + b").expect("send");
    continuation(&mut p);
    p.send_line("}").expect("send");
    p.exp_string("<function>").expect("definition echo");
    prompt(&mut p);
    p.send_line("add(40, 2)").expect("send");
    p.exp_string("42").expect("call result");
    prompt(&mut p);
    p.send_line(":quit").expect("send");
    p.exp_string("Goodbye!").expect("goodbye");
}

#[test]
fn tab_completes_a_binding() {
    let mut p = start();
    p.send_line("let velocity = 12").expect("send");
    p.exp_string("12").expect("echo");
    prompt(&mut p);
    p.send("velo").expect("send");
    p.flush().expect("flush");
    p.send("\t").expect("tab");
    p.flush().expect("flush");
    p.send(" * 2\r").expect("send");
    p.flush().expect("flush");
    p.exp_string("24").expect("completed name evaluated");
    prompt(&mut p);
    p.send_control('d').expect("ctrl-d");
    p.exp_string("Goodbye!").expect("goodbye");
}

#[test]
fn up_arrow_recalls_previous_input() {
    let mut p = start();
    p.send_line("1 + 41").expect("send");
    p.exp_string("42").expect("first result");
    prompt(&mut p);
    p.send("\x1b[A").expect("up arrow");
    p.flush().expect("flush");
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_string("42").expect("recalled input evaluated again");
    prompt(&mut p);
    p.send_control('d').expect("ctrl-d");
    p.exp_string("Goodbye!").expect("goodbye");
}

#[test]
fn error_then_earlier_binding_still_works() {
    let mut p = start();
    p.send_line("let keep = 7").expect("send");
    p.exp_string("7").expect("echo");
    prompt(&mut p);
    p.send_line("keep / 0").expect("send");
    p.exp_string("Error: Division by zero").expect("error line");
    p.exp_string("^").expect("caret diagnostic");
    prompt(&mut p);
    p.send_line("keep * 6").expect("send");
    p.exp_string("42").expect("binding survived the error");
    prompt(&mut p);
    p.send_control('d').expect("ctrl-d");
    p.exp_string("Goodbye!").expect("goodbye");
}

#[test]
fn ctrl_c_interrupts_a_running_loop() {
    let mut p = start();
    p.send_line("let before = 5").expect("send");
    p.exp_string("5").expect("echo");
    prompt(&mut p);
    p.send_line("loop {}").expect("send");
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send_control('c').expect("ctrl-c");
    p.exp_string("Error: Interrupted")
        .expect("interrupt reported");
    p.send_line("before + 1").expect("send");
    p.exp_string("6").expect("session continues");
    prompt(&mut p);
    p.send_control('d').expect("ctrl-d");
    p.exp_string("Goodbye!").expect("goodbye");
}

#[test]
fn ctrl_c_clears_the_current_input() {
    let mut p = start();
    p.send_line("fun broken(x) {").expect("send");
    continuation(&mut p);
    p.send_control('c').expect("ctrl-c");
    prompt(&mut p);
    p.send_line("2 + 2").expect("send");
    p.exp_string("4").expect("fresh input evaluated");
    prompt(&mut p);
    p.send_control('d').expect("ctrl-d");
    p.exp_string("Goodbye!").expect("goodbye");
}
