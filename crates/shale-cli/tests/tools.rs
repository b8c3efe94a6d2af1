//! The commands around the migrations: shell completions, the manual page, the revision
//! graph as a picture.

mod support;

use support::{shale_cmd, Run};

fn shale(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    Run::from(
        shale_cmd(dir.path())
            .args(args)
            .output()
            .expect("run shale"),
    )
}

/// The subcommands every completion script must offer.
const SUBCOMMANDS: [&str; 8] = [
    "upgrade",
    "downgrade",
    "history",
    "revision",
    "status",
    "completions",
    "man",
    "lint",
];

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = shale(&["completions", shell]);
        let script = run.ok();
        assert!(script.len() > 1000, "{shell}: {script}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
    }
    shale(&["completions", "tcsh"]).fails(2);
    // A broken shale.toml does not matter: completions read no project.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shale.toml"), "nope = [").unwrap();
    let out = shale_cmd(dir.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_manual_page_is_roff_with_every_subcommand() {
    let run = shale(&["man"]);
    let page = run.ok();
    assert!(
        page.starts_with(".TH shale 1"),
        "{}",
        &page[..80.min(page.len())]
    );
    assert!(
        page.contains(".SH NAME") && page.contains(".SH SYNOPSIS"),
        "{page}"
    );
    for sub in SUBCOMMANDS {
        assert!(page.contains(sub), "the page lacks {sub}");
    }
}
