//! Every laptop: the workspace builds and its tests pass on Linux, macOS and
//! Windows. This machine builds for Linux only, so what only another system
//! would show is kept out by reading the code instead:
//!
//! - every use of something one system has and another has not
//!   (`std::os::unix`, `/proc`, `signal_hook`, `nix::`, `libc::`, a
//!   program such as `kill`) sits in an item behind a `#[cfg]` that names
//!   that system, with a fallback elsewhere that says what is missing;
//! - a dependency that only some systems have is declared under
//!   `[target.'cfg(...)'.dependencies]`;
//! - the GitHub workflow runs `cargo test --workspace` on macOS and
//!   Windows, the check for what this machine cannot run;
//! - the Python world uses no event-loop policy (deprecated from Python
//!   3.14, gone in 3.16).
//!
//! The reader is a small lexer (comments and strings told apart from
//! code) and a walk over items: an attribute `#[cfg(PREDICATE)]` covers
//! the item after it, a `#![cfg(...)]` its whole file, and a `#[cfg(...)]
//! mod name;` the file of `name`. A predicate guards only where it names
//! the system positively: `cfg(not(unix))` guards nothing Unix's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use threeways_test_support::root as repo_root;
use threeways_test_support::{read, rust_files};

/// What one system has and another has not, and the `cfg` words, any one
/// of which, named positively, guards it.
const PLATFORM_ONLY: &[(Pattern, &[&str])] = &[
    (Pattern::Path(&["std", "os", "unix"]), UNIX),
    (Pattern::Path(&["std", "os", "linux"]), LINUX),
    (Pattern::Path(&["std", "os", "windows"]), WINDOWS),
    (Pattern::Path(&["std", "os", "macos"]), MACOS),
    (Pattern::Path(&["signal_hook"]), UNIX),
    (Pattern::Path(&["nix"]), UNIX),
    (Pattern::Path(&["libc"]), UNIX),
    (Pattern::StringStarts("/proc"), LINUX),
    (Pattern::StringStarts("/sys/"), LINUX),
    (Pattern::StringStarts("/dev/"), UNIX),
    (Pattern::Program("kill"), UNIX),
    (Pattern::Program("sleep"), UNIX),
    (Pattern::Program("sh"), UNIX),
    (Pattern::Program("bash"), UNIX),
];

const UNIX: &[&str] = &["unix", "target_os=\"linux\"", "target_os=\"macos\""];
const LINUX: &[&str] = &["target_os=\"linux\""];
const MACOS: &[&str] = &["target_os=\"macos\""];
const WINDOWS: &[&str] = &["windows", "target_os=\"windows\""];

/// Dependencies that only some systems have.
const PLATFORM_CRATES: &[&str] = &["nix", "signal-hook", "libc", "windows-sys", "rustix"];

#[derive(Clone, Copy, Debug)]
enum Pattern {
    /// A path that starts with these segments: `std::os::unix::...`.
    Path(&'static [&'static str]),
    /// A string literal that starts so: `"/proc/self/status"`.
    StringStarts(&'static str),
    /// A program run by name: `Command::new("kill")`.
    Program(&'static str),
}

impl Pattern {
    fn shown(self) -> String {
        match self {
            Pattern::Path(path) => format!("`{}`", path.join("::")),
            Pattern::StringStarts(start) => format!("`{start}`"),
            Pattern::Program(name) => format!("the program `{name}`"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Punct(char),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    line: usize,
}

/// The tokens of Rust source `text`, without its comments: words, string
/// literals (their text, escapes left as written) and punctuation.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if c == '"' || ((c == 'r' || c == 'b') && starts_string(&chars, i)) {
            // `b"..."`, `r#"..."#`, `br"..."`: the prefix, the hashes, the body.
            let start_line = line;
            while chars[i] != '"' && chars[i] != '#' {
                i += 1;
            }
            let raw = i > 0 && (chars[i - 1] == 'r') && c != '"';
            let hashes = chars[i..].iter().take_while(|c| **c == '#').count();
            i += hashes + 1;
            let mut body = String::new();
            while let Some(&ch) = chars.get(i) {
                if ch == '\\' && !raw {
                    body.push(ch);
                    body.push(at(i + 1));
                    line += usize::from(at(i + 1) == '\n');
                    i += 2;
                    continue;
                }
                if ch == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|c| **c == '#')
                        .count()
                        == hashes
                {
                    i += 1 + hashes;
                    break;
                }
                line += usize::from(ch == '\n');
                body.push(ch);
                i += 1;
            }
            out.push(Token {
                tok: Tok::Str(body),
                line: start_line,
            });
        } else if c == '\'' {
            // A char literal (`'x'`, `'\n'`, `'"'`), or a lifetime (`'a`).
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Word(chars[start..i].iter().collect()),
                line,
            });
        } else {
            out.push(Token {
                tok: Tok::Punct(c),
                line,
            });
            i += 1;
        }
    }
    out
}

/// Whether a string literal with a prefix (`r`, `b`, `br`, `r#`) starts at
/// `i`, and not a word that starts with `r` or `b`.
fn starts_string(chars: &[char], i: usize) -> bool {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return false;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) == Some(&'r') {
        j += 1;
        while chars.get(j) == Some(&'#') {
            j += 1;
        }
    }
    j > i && chars.get(j) == Some(&'"')
}

/// Where a group that opens at `open` (`(`, `[` or `{`) closes.
fn group_end(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token.tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    tokens.len() - 1
}

/// A `cfg` predicate's words with every `not(...)` left out, written
/// without spaces: `all(test,unix)`, `target_os="linux"`.
fn positive(predicate: &[Token]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < predicate.len() {
        if predicate[i].tok == Tok::Word("not".into())
            && predicate.get(i + 1).map(|t| &t.tok) == Some(&Tok::Punct('('))
        {
            i = group_end(predicate, i + 1) + 1;
            continue;
        }
        match &predicate[i].tok {
            Tok::Word(word) => out.push_str(word),
            Tok::Str(text) => {
                out.push('"');
                out.push_str(text);
                out.push('"');
            }
            Tok::Punct(c) => out.push(*c),
        }
        out.push(' ');
        i += 1;
    }
    out.replace(" = ", "=").replace(' ', "")
}

/// Whether a positive predicate names one of `words` (`unix`,
/// `target_os="linux"`...).
fn names_any(positive: &str, words: &[&str]) -> bool {
    words.iter().any(|word| {
        positive.match_indices(word).any(|(at, _)| {
            let before = positive[..at].chars().last();
            let after = positive[at + word.len()..].chars().next();
            let edge = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            edge(before) && edge(after)
        })
    })
}

/// An unguarded use: its line, and what it is.
#[derive(Debug, PartialEq)]
struct Finding {
    line: usize,
    what: String,
}

/// What the file's walk found: the uses not guarded, and the modules
/// declared behind a platform `cfg` (`#[cfg(unix)] mod name;`), with
/// their predicates.
#[derive(Debug, Default)]
struct Walk {
    unguarded: Vec<Finding>,
    guarded_modules: Vec<(String, String)>,
    /// The file's own `#![cfg(...)]`, positive words only.
    file_cfg: Option<String>,
}

/// Reads `text`, Rust source, and says which platform-only uses are not
/// guarded: every one, when `guards` (the file's guard, if its module is
/// declared behind a `cfg`) names no system.
fn walk(text: &str, guards: &[String]) -> Walk {
    let tokens = tokens(text);
    let mut walk = Walk::default();
    let mut guards = guards.to_vec();
    // The file's inner attributes, `#![cfg(...)]`.
    let mut i = 0;
    while tokens.get(i).map(|t| &t.tok) == Some(&Tok::Punct('#'))
        && tokens.get(i + 1).map(|t| &t.tok) == Some(&Tok::Punct('!'))
    {
        let end = group_end(&tokens, i + 2);
        if let Some(predicate) = cfg_predicate(&tokens[i + 3..end]) {
            walk.file_cfg = Some(predicate.clone());
            guards.push(predicate);
        }
        i = end + 1;
    }
    items(&tokens[i..], &guards, &mut walk);
    walk
}

/// The positive words of a `cfg(...)` attribute's predicate, given the
/// tokens inside its brackets; `None` for any other attribute.
fn cfg_predicate(inside: &[Token]) -> Option<String> {
    if inside.first()?.tok != Tok::Word("cfg".into()) {
        return None;
    }
    Some(positive(inside.get(1..).unwrap_or_default()))
}

/// Walks a sequence of items (or statements), each with the attributes
/// before it, under `guards` (the predicates of the items around).
fn items(tokens: &[Token], guards: &[String], walk: &mut Walk) {
    let mut i = 0;
    let mut attributes: Vec<String> = Vec::new();
    while i < tokens.len() {
        if tokens[i].tok == Tok::Punct('#')
            && tokens.get(i + 1).map(|t| &t.tok) == Some(&Tok::Punct('['))
        {
            let end = group_end(tokens, i + 1);
            if let Some(predicate) = cfg_predicate(&tokens[i + 2..end]) {
                attributes.push(predicate);
            }
            i = end + 1;
            continue;
        }
        // The item runs to a `;` at its own level, or to the end of the
        // first `{ ... }` group that opens at that level.
        let start = i;
        let mut end = i;
        while end < tokens.len() {
            match tokens[end].tok {
                Tok::Punct(';') => break,
                Tok::Punct('{') => {
                    end = group_end(tokens, end);
                    break;
                }
                Tok::Punct('(' | '[') => end = group_end(tokens, end) + 1,
                _ => end += 1,
            }
        }
        let end = end.min(tokens.len() - 1);
        let item = &tokens[start..=end];
        let mut inner = guards.to_vec();
        inner.append(&mut attributes);
        if let [first, .., last] = item
            && let (Tok::Word(word), Tok::Punct(';')) = (&first.tok, &last.tok)
            && (word == "mod" || word == "pub")
            && let Some(name) = item.iter().rev().nth(1).and_then(|t| match &t.tok {
                Tok::Word(name) => Some(name.clone()),
                _ => None,
            })
            && item.iter().any(|t| t.tok == Tok::Word("mod".into()))
        {
            walk.guarded_modules.push((name, inner.join(" ")));
        }
        look_into(item, &inner, walk);
        i = end + 1;
    }
}

/// Looks at one item's tokens for platform-only uses, and walks each
/// `{ ... }` group inside it as items of its own.
fn look_into(item: &[Token], guards: &[String], walk: &mut Walk) {
    let guarded = |words: &[&str]| guards.iter().any(|g| names_any(g, words));
    let mut i = 0;
    while i < item.len() {
        if item[i].tok == Tok::Punct('{') {
            let end = group_end(item, i);
            items(&item[i + 1..end], guards, walk);
            i = end + 1;
            continue;
        }
        for (pattern, words) in PLATFORM_ONLY {
            if matches(*pattern, item, i) && !guarded(words) {
                walk.unguarded.push(Finding {
                    line: item[i].line,
                    what: pattern.shown(),
                });
            }
        }
        i += 1;
    }
}

/// Whether `pattern` begins at token `i`.
fn matches(pattern: Pattern, tokens: &[Token], i: usize) -> bool {
    let word = |j: usize, w: &str| tokens.get(j).is_some_and(|t| t.tok == Tok::Word(w.into()));
    let punct = |j: usize, c: char| tokens.get(j).is_some_and(|t| t.tok == Tok::Punct(c));
    match pattern {
        Pattern::Path(segments) => {
            // Not the tail of a longer path: `a::nix::b` is not `nix`.
            let after_path = i >= 2 && punct(i - 1, ':') && punct(i - 2, ':');
            !after_path
                && segments
                    .iter()
                    .enumerate()
                    .all(|(k, segment)| word(i + 3 * k, segment))
                && (1..segments.len())
                    .all(|k| punct(i + 3 * k - 2, ':') && punct(i + 3 * k - 1, ':'))
                && punct(i + 3 * segments.len() - 2, ':')
        }
        Pattern::StringStarts(start) => {
            matches!(&tokens[i].tok, Tok::Str(text) if text.starts_with(start))
        }
        Pattern::Program(name) => {
            matches!(&tokens[i].tok, Tok::Str(text) if text == name)
                && i >= 5
                && punct(i - 1, '(')
                && word(i - 2, "new")
                && word(i - 5, "Command")
        }
    }
}

/// The file that `mod name;` in `file` declares: beside a `lib.rs`,
/// `main.rs` or `mod.rs`; in a folder named after any other file.
fn module_files(file: &Path, name: &str) -> [PathBuf; 2] {
    let dir = file.parent().unwrap_or(Path::new(""));
    let stem = file.file_stem().unwrap_or_default();
    let base = if ["lib", "main", "mod"].iter().any(|s| stem == *s) {
        dir.to_path_buf()
    } else {
        dir.join(stem)
    };
    [
        base.join(format!("{name}.rs")),
        base.join(name).join("mod.rs"),
    ]
}

/// Every platform-only use in the workspace's Rust files that is not
/// behind a `cfg` naming its system, as `file:line: what`.
fn unguarded_in_the_workspace() -> Vec<String> {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in ["src", "tests", "crates"] {
        files.extend(rust_files(&root.join(dir)));
    }
    // The files whose `mod` is declared behind a platform `cfg`, first.
    let mut guard_of: Vec<(PathBuf, String)> = Vec::new();
    for file in &files {
        for (name, predicate) in walk(&read(file), &[]).guarded_modules {
            if !predicate.is_empty() {
                for module in module_files(file, &name) {
                    guard_of.push((module, predicate.clone()));
                }
            }
        }
    }
    let mut found = Vec::new();
    for file in &files {
        if file.ends_with("tests/it/portable.rs") {
            continue; // its patterns, and its examples of what the reader finds
        }
        let guards: Vec<String> = guard_of
            .iter()
            .filter(|(module, _)| module == file)
            .map(|(_, predicate)| predicate.clone())
            .collect();
        for finding in walk(&read(file), &guards).unguarded {
            found.push(format!(
                "{}:{}: {}",
                file.strip_prefix(&root).unwrap_or(file).display(),
                finding.line,
                finding.what
            ));
        }
    }
    found
}

/// Every use of something only some systems have is behind a `cfg` that
/// names them, so the workspace builds on Linux, macOS and Windows.
#[test]
fn platform_only_code_is_behind_a_cfg() {
    let found = unguarded_in_the_workspace();
    assert!(
        found.is_empty(),
        "only some systems have these; put each in an item behind a `#[cfg(...)]` naming its \
         system (`unix`, `target_os = \"linux\"`), with a fallback elsewhere that says what is \
         missing:\n{}",
        found.join("\n")
    );
}

/// The reader finds what it should and only that: a test that could not
/// fail would keep nothing out.
#[test]
fn the_reader_tells_guarded_from_unguarded() {
    let unguarded = |text: &str| -> Vec<String> {
        walk(text, &[])
            .unguarded
            .into_iter()
            .map(|f| format!("{}: {}", f.line, f.what))
            .collect()
    };
    assert_eq!(
        unguarded("use std::os::unix::fs::symlink;\n"),
        ["1: `std::os::unix`"]
    );
    assert_eq!(
        unguarded("#[cfg(unix)]\nuse std::os::unix::fs::symlink;\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        unguarded("#[cfg(not(unix))]\nfn f() { use std::os::unix::fs::symlink; }\n"),
        ["2: `std::os::unix`"]
    );
    assert_eq!(
        unguarded(
            "#[test]\n#[cfg(target_os = \"linux\")]\nfn f() {\n    let x = read(\"/proc/self/stat\");\n}\nfn g() { read(\"/proc/x\") }\n"
        ),
        ["6: `/proc`"]
    );
    assert_eq!(
        unguarded("#[cfg(unix)]\nfn f() { read(\"/proc/self\") }\n"),
        ["2: `/proc`"],
        "`unix` is not enough for Linux's /proc"
    );
    assert_eq!(
        unguarded(
            "//! Reads `/proc` and std::os::unix.\n/* nix::sys */\nfn f() {\n    let s = \"not /proc\";\n    let t = r#\"a \"/proc\" b\"#;\n}\n"
        ),
        Vec::<String>::new(),
        "comments, and strings that do not start with the path, are not uses"
    );
    assert_eq!(
        unguarded(
            "fn f() {\n    #[cfg(unix)]\n    {\n        use signal_hook::consts::SIGHUP;\n    }\n    let x = nix::foo();\n}\n"
        ),
        ["6: `nix`"]
    );
    assert_eq!(
        unguarded("fn f() { Command::new(\"kill\").arg(\"-9\"); Command::new(\"cargo\"); }\n"),
        ["1: the program `kill`"]
    );
    assert_eq!(
        unguarded("fn f() { a::nix::b(); let c = 'x'; let d: &'static str = \"/dev/full\"; }\n"),
        ["1: `/dev/`"]
    );
    let file = walk(
        "#![cfg(target_os = \"linux\")]\nuse std::os::linux::x;\n",
        &[],
    );
    assert!(file.unguarded.is_empty(), "{file:?}");
    let declared = walk("#[cfg(unix)]\nmod signals;\nmod other;\n", &[]);
    assert_eq!(
        declared.guarded_modules,
        [
            ("signals".to_owned(), "(unix)".to_owned()),
            ("other".to_owned(), String::new())
        ]
    );
    assert!(
        walk("use std::os::unix::x;\n", &["unix".to_owned()])
            .unguarded
            .is_empty()
    );
}

/// A dependency that only some systems have is declared for them only.
#[test]
fn platform_only_dependencies_are_declared_per_target() {
    let root = repo_root();
    let mut manifests = vec![root.join("Cargo.toml")];
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        if manifest.exists() {
            manifests.push(manifest);
        }
    }
    let mut wrong = Vec::new();
    for manifest in manifests {
        let mut section = String::new();
        for line in read(&manifest).lines().map(str::trim) {
            if line.starts_with('[') {
                section = line.to_owned();
                continue;
            }
            let name: String = line
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let dependency_table = section.ends_with("dependencies]");
            if dependency_table
                && PLATFORM_CRATES.contains(&name.as_str())
                && !section.starts_with("[target.")
            {
                wrong.push(format!("{}: {name} under {section}", manifest.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "declare these under [target.'cfg(...)'.dependencies]:\n{}",
        wrong.join("\n")
    );
}

/// The workflow runs the test suite on macOS and on Windows: the check for
/// what this machine, which builds for Linux only, cannot run.
#[test]
fn the_workflow_tests_on_macos_and_windows() {
    let workflow = read(&repo_root().join(".github/workflows/ci.yml"));
    let runners: BTreeSet<&str> = workflow
        .lines()
        .filter_map(|line| line.trim().strip_prefix("os: ["))
        .flat_map(|list| list.trim_end_matches(']').split(','))
        .map(str::trim)
        .collect();
    for system in ["macos-latest", "windows-latest"] {
        assert!(
            runners.contains(system),
            ".github/workflows/ci.yml runs no job on {system}: {runners:?}"
        );
    }
    assert!(
        workflow.contains("cargo test --workspace --locked"),
        "the other systems' job runs `cargo test --workspace --locked`"
    );
}

/// The Python world makes its event loops without an event-loop policy:
/// policies are deprecated from Python 3.14 and go in 3.16.
#[test]
fn the_python_world_uses_no_event_loop_policy() {
    let dir = repo_root().join("book/python");
    let mut files = Vec::new();
    for folder in [dir.clone(), dir.join("threeways")] {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "py") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty());
    for file in files {
        let text = read(&file);
        for name in ["EventLoopPolicy", "event_loop_policy", "get_child_watcher"] {
            assert!(
                !text.contains(name),
                "{} uses `{name}`, deprecated from Python 3.14",
                file.display()
            );
        }
    }
}
