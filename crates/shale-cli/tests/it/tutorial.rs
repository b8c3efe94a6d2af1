//! docs/tutorial.md's tested blocks, run as written in a fresh folder: ```` ```LANG
//! file=PATH tested ```` blocks write PATH; ```` ```console tested ```` blocks run each
//! `$ command` and compare its stdout with the lines below it (`…` matches anything).

use std::path::Path;

/// A tested block: a file to write, or commands with their expected output.
enum Block {
    File { path: String, text: String },
    Console(Vec<(String, Vec<String>)>),
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        let words: Vec<&str> = info.split_whitespace().collect();
        if !words.contains(&"tested") {
            continue;
        }
        if let Some(path) = words.iter().find_map(|w| w.strip_prefix("file=")) {
            found.push(Block::File {
                path: path.to_string(),
                text: body.iter().map(|l| format!("{l}\n")).collect(),
            });
        } else {
            let mut commands: Vec<(String, Vec<String>)> = Vec::new();
            for l in body {
                match (l.strip_prefix("$ "), commands.last_mut()) {
                    (Some(command), _) => commands.push((command.to_string(), Vec::new())),
                    (None, Some((_, expected))) => expected.push(l.to_string()),
                    (None, None) => panic!("output before any command: {l}"),
                }
            }
            found.push(Block::Console(commands));
        }
    }
    found
}

/// Whether `actual` matches `expected`, where each `…` stands for any text.
fn matches(expected: &str, actual: &str) -> bool {
    let pieces: Vec<&str> = expected.split('…').collect();
    if pieces.len() == 1 {
        return expected == actual;
    }
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    if !actual.ends_with(last) {
        return false;
    }
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn tutorial_examples_run_as_written() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/tutorial.md"
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_shale")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for block in blocks(&doc) {
        match block {
            Block::File { path: file, text } => {
                std::fs::write(dir.path().join(file), text).unwrap();
            }
            Block::Console(commands) => {
                for (command, expected) in commands {
                    let out = std::process::Command::new("sh")
                        .args(["-c", &command])
                        .current_dir(dir.path())
                        .env("PATH", &path)
                        .env_remove("DATABASE_URL")
                        .env("NO_COLOR", "1")
                        .output()
                        .unwrap();
                    let stdout = String::from_utf8_lossy(&out.stdout);
                    assert!(
                        out.status.success(),
                        "`{command}` failed:\n{stdout}\n{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let actual: Vec<&str> = stdout.lines().collect();
                    let same = actual.len() == expected.len()
                        && expected.iter().zip(&actual).all(|(e, a)| matches(e, a));
                    assert!(
                        same,
                        "`{command}` printed:\n{stdout}\nthe tutorial shows:\n{}",
                        expected.join("\n")
                    );
                    ran += 1;
                }
            }
        }
    }
    assert!(ran >= 10, "only {ran} commands are tested");
}

#[test]
fn ellipsis_matches_any_text() {
    assert!(matches("a … ms", "a … 12 ms"));
    assert!(matches("x/…_ab.sql", "x/2026_ab.sql"));
    assert!(matches("same", "same"));
    assert!(!matches("a … ms", "b 1 ms"));
    assert!(!matches("Next: …", "Next"));
}
