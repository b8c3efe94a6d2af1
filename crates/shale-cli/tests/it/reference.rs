//! docs/reference.md is the `--help` of every command, rendered from the clap definitions:
//! this test fails when the committed page differs, so the page cannot drift.
//! `SHALE_UPDATE_DOCS=1 cargo test -p shale-cli --test it reference` rewrites it.

use crate::support::shale_cmd;

fn help(words: &[&str]) -> String {
    let dir = std::env::temp_dir();
    let out = shale_cmd(&dir)
        .args(words)
        .arg("--help")
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert!(out.status.success(), "{words:?} --help");
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands listed in a help text's `Commands:` section, but `help`.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Appends the section of `words` and, recursively, of its subcommands.
fn render(words: &mut Vec<String>, out: &mut String) {
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let text = help(&refs);
    let title = std::iter::once("shale")
        .chain(refs.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    out.push_str(&format!(
        "\n## `{title}`\n\n```text\n{}\n```\n",
        text.trim_end()
    ));
    for sub in subcommands(&text) {
        words.push(sub);
        render(words, out);
        words.pop();
    }
}

#[test]
fn reference_page_matches_the_clap_definitions() {
    let mut page = String::from(
        "# Command reference\n\n\
         Every command's `--help`, generated from the command-line definitions by the test\n\
         `reference_page_matches_the_clap_definitions` (crates/shale-cli/tests/it/reference.rs),\n\
         which fails when this page differs from the binary. After changing a command, run\n\
         `SHALE_UPDATE_DOCS=1 cargo test -p shale-cli --test it reference` to rewrite it.\n",
    );
    render(&mut Vec::new(), &mut page);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/reference.md");
    if std::env::var_os("SHALE_UPDATE_DOCS").is_some() {
        std::fs::write(path, &page).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == page,
        "docs/reference.md is out of date: run SHALE_UPDATE_DOCS=1 cargo test -p shale-cli --test it reference"
    );
}
