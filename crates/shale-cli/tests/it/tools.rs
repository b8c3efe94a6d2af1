//! The commands around the migrations: shell completions, the manual page, the revision
//! graph as a picture.

use crate::support::{shale_cmd, Proj, Run};

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

/// r, then a and b on two branches, merged by m; the database at a.
#[test]
fn the_graph_marks_heads_joints_and_the_current_revision() {
    let p = Proj::new("sqlite://graph.db");
    p.rev(
        "r00000000000",
        &[],
        "CREATE TABLE t (id INTEGER);",
        "DROP TABLE t;",
    );
    p.rev("a00000000000", &["r00000000000"], "", "");
    p.rev("b00000000000", &["r00000000000"], "", "");
    p.rev("m00000000000", &["a00000000000", "b00000000000"], "", "");
    // Offline, and before the database exists: nothing is current, no file is created.
    let text = p.shale(&["graph"]).ok().to_string();
    assert!(!p.path().join("graph.db").exists());
    assert_eq!(
        text,
        "* m00000000000 (head) (mergepoint), revision m00000000000\n\
         |\\\n\
         | * b00000000000, revision b00000000000\n\
         * | a00000000000, revision a00000000000\n\
         |/\n\
         * r00000000000 (branchpoint), revision r00000000000\n"
    );
    p.shale(&["upgrade", "a00000000000"]).ok();
    let text = p.shale(&["graph"]).ok().to_string();
    assert!(text.contains("* | a00000000000 (current), "), "{text}");
    let text = p.shale(&["graph", "--offline"]).ok().to_string();
    assert!(!text.contains("(current)"), "{text}");

    let text = p.shale(&["graph", "--format", "mermaid"]).ok().to_string();
    assert!(text.starts_with("flowchart TD\n"), "{text}");
    assert!(text.contains("ra00000000000 --> rm00000000000"), "{text}");
    assert!(text.contains(":::current"), "{text}");
    let text = p.shale(&["graph", "--format", "dot"]).ok().to_string();
    assert!(text.starts_with("digraph shale {"), "{text}");
    assert!(
        text.contains("\"b00000000000\" -> \"m00000000000\";"),
        "{text}"
    );

    let v: serde_json::Value = serde_json::from_str(p.shale(&["graph", "--json"]).ok()).unwrap();
    assert_eq!(v["current"], serde_json::json!(["a00000000000"]));
    assert_eq!(v["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(v["edges"].as_array().unwrap().len(), 4);
    let m = &v["nodes"][3];
    assert_eq!(m["revision"], "m00000000000");
    assert_eq!(m["mergepoint"], true);
    assert_eq!(m["head"], true);
    assert_eq!(v["nodes"][0]["branchpoint"], true);
    assert_eq!(v["nodes"][1]["current"], true);
    let v: serde_json::Value =
        serde_json::from_str(p.shale(&["graph", "--json", "--offline"]).ok()).unwrap();
    assert!(v.get("current").is_none(), "{v}");
}

#[test]
fn an_empty_project_has_no_graph_to_draw() {
    let p = Proj::new("sqlite://graph.db");
    let text = p.shale(&["graph"]).ok().to_string();
    assert!(text.contains("no revisions"), "{text}");
}

/// `-q` prints only the result; `-v` adds each revision's file and statements as it
/// starts; together they are a usage error. Listings take `-v` before or after the command.
#[test]
fn quiet_and_verbose_runs() {
    let p = Proj::new("sqlite://qv.db");
    p.rev(
        "aaaaaaaaaaa1",
        &[],
        "CREATE TABLE t (id INTEGER);\nCREATE TABLE u (\n  id INTEGER\n);",
        "DROP TABLE u;\nDROP TABLE t;",
    );
    p.rev(
        "bbbbbbbbbbb2",
        &["aaaaaaaaaaa1"],
        "CREATE TABLE v (id INTEGER);",
        "DROP TABLE v;",
    );
    let out = p.shale(&["-q", "upgrade", "aaaaaaaaaaa1"]).ok().to_string();
    assert_eq!(
        out,
        "Done: 1 revision(s) applied; the database is at aaaaaaaaaaa1\n"
    );
    let run = p.shale(&["upgrade", "head", "-v"]);
    let out = run.ok();
    assert!(
        out.contains(
            "Running upgrade aaaaaaaaaaa1 -> bbbbbbbbbbb2, revision bbbbbbbbbbb2 … starting ("
        ),
        "{out}"
    );
    assert!(
        out.contains("0001_bbbbbbbbbbb2.sql, 1 statement(s))"),
        "{out}"
    );
    assert!(
        out.contains("    [1/1] line 6: CREATE TABLE v (id INTEGER)\n"),
        "{out}"
    );
    assert!(out.contains("Done: 1 revision(s) applied"), "{out}");
    let out = p.shale(&["-v", "downgrade", "base"]).ok().to_string();
    assert!(
        out.contains("    [1/2] line 12: DROP TABLE u\n    [2/2] line 13: DROP TABLE t\n"),
        "{out}"
    );
    let out = p.shale(&["-v", "upgrade", "head"]).ok().to_string();
    assert!(out.contains("[2/2] line 7: CREATE TABLE u ( …\n"), "{out}");
    p.shale(&["-q", "-v", "current"]).fails(2);
    let out = p.shale(&["current", "-v"]).ok().to_string();
    assert!(
        out.contains("Rev: bbbbbbbbbbb2 (head)") && out.contains("Path: "),
        "{out}"
    );
    let out = p.shale(&["-v", "history"]).ok().to_string();
    assert!(out.contains("Rev: aaaaaaaaaaa1"), "{out}");
    let out = p.shale(&["-q", "current"]).ok().to_string();
    assert_eq!(out, "bbbbbbbbbbb2 (head)\n");
}

#[test]
fn completions_offer_revision_ids_and_branch_labels() {
    let p = crate::support::Proj::new("sqlite://app.db");
    p.rev_with("a1b2", &[], "-- shale:branch-labels app\n", "SELECT 1;", "");
    p.rev("c3d4", &["a1b2"], "SELECT 1;", "");
    assert_eq!(
        p.shale(&["__complete"]).ok(),
        "head\nheads\nbase\nc3d4\na1b2\napp\napp@head\n"
    );
    assert_eq!(p.shale(&["__complete", "a"]).ok(), "a1b2\napp\napp@head\n");
    // The bash script asks `shale __complete` for a revision argument, and clap's own
    // completion for the rest.
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_shale"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let complete = |words: &str| {
        let script = format!(
            "source <(shale completions bash); COMP_WORDS=({words}); \
             COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _shale_revisions shale \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &script])
            .current_dir(p.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(complete("shale upgrade app"), "app\napp@head\n");
    assert_eq!(complete("shale -c shale.toml show c"), "c3d4\n");
    assert!(complete("shale upg").contains("upgrade"));
    let fish = shale(&["completions", "fish"]);
    assert!(fish.ok().contains("(shale __complete (commandline -ct)"));
    let zsh = shale(&["completions", "zsh"]);
    assert!(zsh
        .ok()
        .contains(":rev -- A revision id or unique prefix, a branch label"));
    assert!(zsh.stdout.contains("_shale_revisions"));
}
