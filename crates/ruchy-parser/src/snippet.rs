//! Source snippets under a diagnostic (`--> path:line:col`, the source lines, carets, labels,
//! notes): the text codespan-reporting 0.13's rich renderer gives with ASCII characters, its
//! default configuration, no color and one file.
//!
//! This is a port of that renderer (codespan-reporting, Apache-2.0) cut down to what `render`
//! uses, so the browser build does not carry the general library (45 KB of the module). A test
//! compares it with codespan-reporting itself on generated diagnostics.

use std::ops::Range;
use unicode_width::UnicodeWidthChar;

const TAB_WIDTH: usize = 4;
const START_CONTEXT_LINES: usize = 3;
const END_CONTEXT_LINES: usize = 1;

/// Primary sorts before secondary, as in codespan (`max_label_style` keeps the smaller).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Debug)]
pub(crate) enum Style {
    Primary,
    Secondary,
}

/// A label: its style, byte range in the source, and message.
pub(crate) type Label<'a> = (Style, Range<usize>, &'a str);

type Single<'a> = (Style, Range<usize>, &'a str);

#[derive(Clone, Copy)]
enum Multi<'a> {
    Top(usize),
    Left,
    Bottom(usize, &'a str),
}

struct Line<'a> {
    index: usize,
    number: usize,
    range: Range<usize>,
    single: Vec<Single<'a>>,
    multi: Vec<(usize, Style, Multi<'a>)>,
    must_render: bool,
}

struct File<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl File<'_> {
    fn line_index(&self, byte: usize) -> usize {
        self.starts
            .binary_search(&byte)
            .unwrap_or_else(|next| next - 1)
    }

    fn line_start(&self, index: usize) -> Option<usize> {
        match index.cmp(&self.starts.len()) {
            std::cmp::Ordering::Less => self.starts.get(index).copied(),
            std::cmp::Ordering::Equal => Some(self.src.len()),
            std::cmp::Ordering::Greater => None,
        }
    }

    fn line_range(&self, index: usize) -> Option<Range<usize>> {
        Some(self.line_start(index)?..self.line_start(index + 1)?)
    }

    fn column_number(&self, line: Range<usize>, byte: usize) -> usize {
        let end = byte.min(line.end.min(self.src.len()));
        (line.start..end)
            .filter(|i| self.src.is_char_boundary(i + 1))
            .count()
            + 1
    }
}

fn count_digits(n: usize) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
}

fn line_at<'l, 'a>(
    lines: &'l mut Vec<Line<'a>>,
    index: usize,
    range: Range<usize>,
    number: usize,
) -> &'l mut Line<'a> {
    let at = match lines.binary_search_by_key(&index, |l| l.index) {
        Ok(at) => at,
        Err(at) => {
            lines.insert(
                at,
                Line {
                    index,
                    number,
                    range,
                    single: Vec::new(),
                    multi: Vec::new(),
                    must_render: false,
                },
            );
            at
        }
    };
    &mut lines[at]
}

/// The rendered diagnostic: `error: {message}`, then the snippet and notes. `None` where
/// codespan would report an error (a byte range outside the source).
pub(crate) fn emit(
    src: &str,
    path: &str,
    message: &str,
    labels: &[Label<'_>],
    notes: &[String],
) -> Option<String> {
    let file = File {
        src,
        starts: std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
    };
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut outer = 0;
    let mut locus: Option<(usize, Style, usize, usize)> = None; // start, style, line, column
    let mut num_multi = 0;
    for (style, range, msg) in labels {
        let (style, msg) = (*style, *msg);
        let start_index = file.line_index(range.start);
        let start_number = start_index + 1;
        let start_range = file.line_range(start_index)?;
        let end_index = file.line_index(range.end);
        let end_number = end_index + 1;
        let end_range = file.line_range(end_index)?;
        outer = outer.max(count_digits(start_number));
        outer = outer.max(count_digits(end_number));
        let here = (
            range.start,
            style,
            start_number,
            file.column_number(start_range.clone(), range.start),
        );
        locus = match locus {
            None => Some(here),
            Some(l) if l.1 > style || (l.1 == style && l.0 > range.start) => Some(here),
            l => l,
        };
        if start_index == end_index {
            let label_start = range.start - start_range.start;
            let label_end = (range.end - start_range.start).max(label_start + 1);
            let line = line_at(&mut lines, start_index, start_range, start_number);
            let at = match line
                .single
                .binary_search_by(|(_, r, _)| (r.start, r.end).cmp(&(label_start, label_end)))
            {
                Ok(at) | Err(at) => at,
            };
            line.single.insert(at, (style, label_start..label_end, msg));
            line.must_render = true;
        } else {
            let column = num_multi;
            num_multi += 1;
            let label_start = range.start - start_range.start;
            let line = line_at(&mut lines, start_index, start_range, start_number);
            line.multi.push((column, style, Multi::Top(label_start)));
            line.must_render = true;
            for index in start_index + 1..end_index {
                let range = file.line_range(index)?;
                let number = index + 1;
                outer = outer.max(count_digits(number));
                let line = line_at(&mut lines, index, range, number);
                line.multi.push((column, style, Multi::Left));
                line.must_render |= index - start_index <= START_CONTEXT_LINES
                    || end_index - index <= END_CONTEXT_LINES;
            }
            let label_end = range.end - end_range.start;
            let line = line_at(&mut lines, end_index, end_range, end_number);
            line.multi
                .push((column, style, Multi::Bottom(label_end, msg)));
            line.must_render = true;
        }
    }

    let mut r = Renderer {
        out: String::new(),
        outer,
        num_multi,
    };
    r.out.push_str("error: ");
    r.out.push_str(message);
    r.out.push('\n');
    if let Some((_, _, line, column)) = locus {
        r.outer_gutter();
        r.out.push_str(&format!("--> {path}:{line}:{column}\n"));
        r.empty(&[]);
        let shown: Vec<&Line<'_>> = lines.iter().filter(|l| l.must_render).collect();
        for (k, line) in shown.iter().enumerate() {
            r.source(
                line.number,
                &src[line.range.clone()],
                &line.single,
                &line.multi,
            );
            let Some(next) = shown.get(k + 1) else {
                continue;
            };
            match next.index.checked_sub(line.index) {
                Some(1) => {}
                Some(2) => {
                    let between = line.index + 1;
                    let multi = lines
                        .iter()
                        .find(|l| l.index == between)
                        .map_or(&[][..], |l| &l.multi[..]);
                    let range = file.line_range(between)?;
                    r.source(between + 1, &src[range], &[], multi);
                }
                _ => {
                    r.outer_gutter();
                    r.out.push('.');
                    r.inner_gutter(&next.multi);
                    r.out.push('\n');
                }
            }
        }
        if !notes.is_empty() {
            r.empty(&[]);
        }
    }
    for note in notes {
        for (k, line) in note.lines().enumerate() {
            r.outer_gutter();
            r.out.push(if k == 0 { '=' } else { ' ' });
            r.out.push(' ');
            r.out.push_str(line);
            r.out.push('\n');
        }
    }
    r.out.push('\n');
    Some(r.out)
}

struct Renderer {
    out: String,
    outer: usize,
    num_multi: usize,
}

/// Byte index and display width of each character, tabs expanded to the next stop.
fn metrics(
    chars: impl Iterator<Item = (usize, char)>,
) -> impl Iterator<Item = (usize, usize, char)> {
    let mut column = 0;
    chars.map(move |(byte, ch)| {
        let width = match ch {
            '\t' => TAB_WIDTH - (column % TAB_WIDTH),
            ch => ch.width().unwrap_or(0),
        };
        column += width;
        (byte, width, ch)
    })
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start.max(b.start) < a.end.min(b.end)
}

fn priority(style: Style) -> u8 {
    match style {
        Style::Secondary => 0,
        Style::Primary => 1,
    }
}

/// The strongest style among `styles` (the last of equals, like `Iterator::max_by_key`).
fn strongest(styles: impl Iterator<Item = Style>) -> Option<Style> {
    styles.max_by_key(|s| priority(*s))
}

fn hanging<'l, 'a>(
    single: &'l [Single<'a>],
    trailing: Option<usize>,
) -> impl DoubleEndedIterator<Item = &'l Single<'a>> {
    single
        .iter()
        .enumerate()
        .filter(|(_, (_, _, m))| !m.is_empty())
        .filter(move |(i, _)| trailing != Some(*i))
        .map(|(_, l)| l)
}

impl Renderer {
    fn repeat(&mut self, ch: char, n: usize) {
        for _ in 0..n {
            self.out.push(ch);
        }
    }

    fn outer_gutter(&mut self) {
        self.repeat(' ', self.outer + 1);
    }

    fn empty(&mut self, multi: &[(usize, Style, Multi<'_>)]) {
        self.outer_gutter();
        self.out.push('|');
        self.inner_gutter(multi);
        self.out.push('\n');
    }

    fn multi_left(&mut self, underline: bool) {
        self.out.push(if underline { '-' } else { ' ' });
        self.out.push('|');
    }

    fn inner_gutter(&mut self, multi: &[(usize, Style, Multi<'_>)]) {
        let mut it = multi.iter().peekable();
        for column in 0..self.num_multi {
            match it.peek() {
                Some((c, _, label)) if *c == column => {
                    match label {
                        Multi::Left | Multi::Bottom(..) => self.multi_left(false),
                        Multi::Top(..) => self.out.push_str("  "),
                    }
                    it.next();
                }
                _ => self.out.push_str("  "),
            }
        }
    }

    fn start_gutter(&mut self) {
        self.outer_gutter();
        self.out.push('|');
    }

    fn source(
        &mut self,
        number: usize,
        source: &str,
        single: &[Single<'_>],
        multi: &[(usize, Style, Multi<'_>)],
    ) {
        let source = source.trim_end_matches(['\n', '\r', '\0']);
        let indent = source.len() - source.trim_start().len();
        // The source line.
        let pad = self.outer;
        self.out.push_str(&format!("{number: >pad$} |"));
        let mut it = multi.iter().peekable();
        for column in 0..self.num_multi {
            match it.peek() {
                Some((c, _, label)) if *c == column => {
                    match label {
                        Multi::Top(start) if *start <= indent => self.out.push_str(" /"),
                        Multi::Top(..) => self.out.push_str("  "),
                        Multi::Left | Multi::Bottom(..) => self.multi_left(false),
                    }
                    it.next();
                }
                _ => self.out.push_str("  "),
            }
        }
        self.out.push(' ');
        for (_, width, ch) in metrics(source.char_indices()) {
            match ch {
                '\t' => self.repeat(' ', width),
                _ => self.out.push(ch),
            }
        }
        self.out.push('\n');

        // Carets of the single-line labels, the trailing message, hanging messages.
        if !single.is_empty() {
            let mut num_messages = 0;
            let mut max_start = 0;
            let mut max_end = 0;
            let mut trailing = None;
            for (k, (_, range, msg)) in single.iter().enumerate() {
                if !msg.is_empty() {
                    num_messages += 1;
                }
                max_start = max_start.max(range.start);
                max_end = max_end.max(range.end);
                if range.end == max_end {
                    trailing = if msg.is_empty() { None } else { Some(k) };
                }
            }
            if let Some(t) = trailing {
                let tr = &single[t].1;
                if single
                    .iter()
                    .enumerate()
                    .any(|(k, (_, r, _))| k != t && overlaps(tr, r))
                {
                    trailing = None;
                }
            }
            self.start_gutter();
            self.inner_gutter(multi);
            self.out.push(' ');
            let end = (source.len(), 1, '\0');
            for (byte, width, ch) in metrics(source.char_indices()).chain(std::iter::once(end)) {
                let column = byte..byte + ch.len_utf8();
                let style = strongest(
                    single
                        .iter()
                        .filter(|(_, r, _)| overlaps(r, &column))
                        .map(|(s, _, _)| *s),
                );
                let caret = match style {
                    Some(Style::Primary) => Some('^'),
                    Some(Style::Secondary) => Some('-'),
                    None if byte < max_end => Some(' '),
                    None => None,
                };
                if let Some(caret) = caret {
                    self.repeat(caret, width);
                }
            }
            if let Some(t) = trailing {
                self.out.push(' ');
                self.out.push_str(single[t].2);
            }
            self.out.push('\n');
            if num_messages > usize::from(trailing.is_some()) {
                self.start_gutter();
                self.inner_gutter(multi);
                self.out.push(' ');
                self.pointers(max_start, single, trailing, source.char_indices());
                self.out.push('\n');
                for (_, range, msg) in hanging(single, trailing).rev() {
                    self.start_gutter();
                    self.inner_gutter(multi);
                    self.out.push(' ');
                    let before = source.char_indices().take_while(|(b, _)| *b < range.start);
                    self.pointers(max_start, single, trailing, before);
                    self.out.push_str(msg);
                    self.out.push('\n');
                }
            }
        }

        // The top and bottom lines of multi-line labels.
        for (index, (_, style, label)) in multi.iter().enumerate() {
            let (at, bottom) = match label {
                Multi::Left => continue,
                Multi::Top(start) if *start <= indent => continue,
                Multi::Top(start) => (*start, None),
                Multi::Bottom(end, msg) => (*end, Some(*msg)),
            };
            self.start_gutter();
            let mut underline = false;
            let mut it = multi.iter().enumerate().peekable();
            for column in 0..self.num_multi {
                match it.peek() {
                    Some((i, (c, _, other))) if *c == column => {
                        match other {
                            Multi::Left => self.multi_left(underline),
                            Multi::Top(..) if index > *i => self.multi_left(underline),
                            Multi::Bottom(..) if index < *i => self.multi_left(underline),
                            Multi::Top(..) if index == *i => {
                                underline = true;
                                self.out.push_str(" /");
                            }
                            Multi::Bottom(..) if index == *i => {
                                underline = true;
                                self.out.push_str(" \\");
                            }
                            Multi::Top(..) | Multi::Bottom(..) => {
                                self.out.push_str(if underline { "--" } else { "  " })
                            }
                        }
                        it.next();
                    }
                    _ => self.out.push_str(if underline { "--" } else { "  " }),
                }
            }
            let caret = match style {
                Style::Primary => '^',
                Style::Secondary => '\'',
            };
            let limit = if bottom.is_some() { at } else { at + 1 };
            for (_, width, _) in metrics(source.char_indices()).take_while(|(b, _, _)| *b < limit) {
                self.repeat('-', width);
            }
            self.out.push(caret);
            if let Some(msg) = bottom.filter(|m| !m.is_empty()) {
                self.out.push(' ');
                self.out.push_str(msg);
            }
            self.out.push('\n');
        }
    }

    fn pointers(
        &mut self,
        max_start: usize,
        single: &[Single<'_>],
        trailing: Option<usize>,
        chars: impl Iterator<Item = (usize, char)>,
    ) {
        for (byte, width, ch) in metrics(chars) {
            let column = byte..byte + ch.len_utf8();
            let style = strongest(
                hanging(single, trailing)
                    .filter(|(_, r, _)| column.contains(&r.start))
                    .map(|(s, _, _)| *s),
            );
            let spaces = match style {
                None => width,
                Some(_) => {
                    self.out.push('|');
                    width.saturating_sub(1)
                }
            };
            if byte <= max_start {
                self.repeat(' ', spaces);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codespan(
        src: &str,
        path: &str,
        message: &str,
        labels: &[Label<'_>],
        notes: &[String],
    ) -> String {
        use codespan_reporting::diagnostic::{Diagnostic, Label as CLabel};
        use codespan_reporting::files::SimpleFile;
        use codespan_reporting::term::{self, Chars, Config};
        let labels = labels
            .iter()
            .map(|(style, range, msg)| {
                let l = match style {
                    Style::Primary => CLabel::primary((), range.clone()),
                    Style::Secondary => CLabel::secondary((), range.clone()),
                };
                l.with_message(*msg)
            })
            .collect();
        let report = Diagnostic::error()
            .with_message(message)
            .with_labels(labels)
            .with_notes(notes.to_vec());
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        let file = SimpleFile::new(path, src);
        term::emit_into_string(&config, &file, &report).unwrap_or_default()
    }

    /// Generated sources (tabs, wide and multi-byte characters, blank and long-distance
    /// lines) and labels (single- and multi-line, overlapping, empty, with and without
    /// messages), rendered here and by codespan-reporting: the same text.
    #[test]
    fn same_text_as_codespan() {
        let pieces = [
            "let x = 1",
            "\t",
            "  ",
            "fun f(a) {",
            "}",
            "中文",
            "é",
            "🦀",
            "\n",
            "\n",
            "\n",
            "\r\n",
            "y",
            "(1 + 2)",
            "    return",
            ";",
            "\n\n\n\n\n",
        ];
        let messages = [
            "",
            "",
            "expected int",
            "this is string",
            "two\nlines",
            "é 中",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut multi, mut hanging, mut breaks) = (0, 0, 0);
        for case in 0..4000 {
            let mut src = String::new();
            for _ in 0..next(40) {
                src.push_str(pieces[next(pieces.len())]);
            }
            let bound = |b: usize| {
                let mut b = b.min(src.len());
                while !src.is_char_boundary(b) {
                    b -= 1;
                }
                b
            };
            let mut labels: Vec<Label<'_>> = Vec::new();
            for k in 0..1 + next(4) {
                let start = bound(next(src.len() + 1));
                let len = match next(4) {
                    0 => 0,
                    1 => next(4),
                    2 => next(12),
                    _ => next(src.len() + 1),
                };
                let end = bound(start + len).max(start);
                let style = if k == 0 || next(5) == 0 {
                    Style::Primary
                } else {
                    Style::Secondary
                };
                labels.push((style, start..end, messages[next(messages.len())]));
            }
            let notes: Vec<String> = (0..next(3))
                .map(|k| ["a note", "first\nsecond", "", "`?` applies"][(k + next(4)) % 4].into())
                .collect();
            let ours = emit(&src, "t.ruchy", "msg", &labels, &notes).unwrap_or_default();
            let theirs = codespan(&src, "t.ruchy", "msg", &labels, &notes);
            assert_eq!(ours, theirs, "case {case}: {src:?} {labels:?} {notes:?}");
            multi += usize::from(ours.contains("| /") || ours.contains("\\"));
            hanging += usize::from(
                ["|expected", "|this", "|two", "|é"]
                    .iter()
                    .any(|m| ours.contains(m)),
            );
            breaks += usize::from(ours.lines().any(|l| l.trim() == "."));
        }
        // The generated cases cover the renderer's harder paths.
        assert!(
            multi > 200 && hanging > 30 && breaks > 100,
            "{multi} {hanging} {breaks}"
        );
    }
}
