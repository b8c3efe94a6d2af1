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

/// `-v` says each statement of a revision as it starts, also where the runner sends the
/// revision as one batch (SQLite, PostgreSQL): three statements of 0.4 s each are said
/// 0.4 s apart, not all at once at the start or the end.
#[test]
fn verbose_runs_say_each_statement_as_it_starts() {
    crate::support::each_db(|db| {
        let sleep = match db.kind {
            shale_testkit::Kind::Postgres => "SELECT pg_sleep(0.4);",
            shale_testkit::Kind::Mysql => "SELECT SLEEP(0.4);",
            // No sleep function: a recursive count that takes a while.
            shale_testkit::Kind::Sqlite => {
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 400000) SELECT count(*) FROM c;"
            }
        };
        let p = Proj::new(&db.url);
        p.rev("aaaaaaaaaaa1", &[], &[sleep; 3].join("\n"), "");
        let run = crate::support::Spawned::new(p.path(), &["-v", "upgrade", "head"])
            .wait(std::time::Duration::from_secs(60));
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let at = |k: usize| {
            run.lines
                .iter()
                .find(|(_, l)| l.starts_with(&format!("    [{k}/3] line ")))
                .unwrap_or_else(|| panic!("no statement {k}: {}", run.stdout()))
                .0
        };
        let done = run.steps()[0].0;
        let (first, second, third) = (at(1), at(2), at(3));
        eprintln!("statements at {first:?} {second:?} {third:?}, done at {done:?}");
        if db.kind == shale_testkit::Kind::Sqlite {
            // The count's time depends on the machine: the order is what is certain.
            assert!(first <= second && second <= third && third <= done);
            return;
        }
        let gap = std::time::Duration::from_millis(300);
        assert!(second >= first + gap, "{}", run.stdout());
        assert!(third >= second + gap, "{}", run.stdout());
        assert!(done >= third + gap, "{}", run.stdout());
    });
}

/// A shell to run the completion scripts in: `None` (with the reason printed) when it is
/// not installed (.ci/run installs zsh and fish: scripts/shells.sh).
fn installed(shell: &str) -> Option<std::path::PathBuf> {
    let found = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join(shell))
        .find(|path| path.is_file());
    if found.is_none() {
        eprintln!("skipped: {shell} is not installed (scripts/shells.sh installs it)");
    }
    found
}

/// A project with revisions `a1b2` and `c3d4` (label `app`), and a PATH whose `shale` is
/// the binary under test.
fn completion_project() -> (Proj, String) {
    let p = Proj::new("sqlite://app.db");
    p.rev("a1b2", &[], "SELECT 1;", "");
    p.rev_with(
        "c3d4",
        &["a1b2"],
        "-- shale:branch-labels app\n",
        "SELECT 1;",
        "",
    );
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_shale"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    (p, path)
}

/// fish loads `shale completions fish` without an error, and `complete -C` (what fish
/// offers at the cursor) lists the revisions for a revision argument.
#[test]
fn fish_loads_the_completions_and_completes_revisions() {
    let Some(fish) = installed("fish") else {
        return;
    };
    let (p, path) = completion_project();
    let run = |line: &str| {
        let script = format!("shale completions fish | source; or exit 3; complete -C '{line}'");
        let out = std::process::Command::new(&fish)
            .args(["--no-config", "-c", &script])
            .current_dir(p.path())
            .env("PATH", &path)
            .env("HOME", p.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{line}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(run("shale upgrade a"), "a1b2\napp\napp@head\n");
    assert_eq!(run("shale downgrade c"), "c3d4\n");
    assert!(run("shale upg").starts_with("upgrade\t"));
}

/// zsh loads `shale completions zsh` after `compinit` without an error, and a Tab typed
/// in an interactive zsh (driven through a pseudo-terminal, zsh's zpty module) lists
/// the revisions for a revision argument and the commands for a command.
#[test]
fn zsh_loads_the_completions_and_completes_revisions() {
    let Some(zsh) = installed("zsh") else {
        return;
    };
    let (p, path) = completion_project();
    let script = p.path().join("_shale.zsh");
    std::fs::write(&script, shale(&["completions", "zsh"]).ok()).unwrap();
    let zsh_run = |code: &str| {
        let out = std::process::Command::new(&zsh)
            .args(["-f", "-c", code])
            .current_dir(p.path())
            .env("PATH", &path)
            .env("HOME", p.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success() && stderr.is_empty(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let loaded = zsh_run(&format!(
        "autoload -U compinit && compinit -u -d ./.zcompdump && source {} && whence -w _shale _shale_revisions",
        script.display()
    ));
    assert_eq!(loaded, "_shale: function\n_shale_revisions: function\n");
    // Type the line and Tab twice (the second lists the candidates), then read the screen.
    let tab = |line: &str| {
        zsh_run(&format!(
            r#"zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1=""; autoload -U compinit && compinit -u -d ./.zcompdump; source {}'
zpty -n -w z $'{line}\t\t'
sleep 1.5
zpty -w z ''
sleep 0.5
out=''
while zpty -r -t z chunk; do out+=$chunk; done
zpty -d z
print -r -- "$out""#,
            script.display()
        ))
    };
    let screen = tab("shale upgrade a");
    let listed = screen
        .lines()
        .find(|l| l.contains("a1b2") && l.contains("app@head"));
    assert!(listed.is_some(), "{screen:?}");
    assert!(!screen.contains("c3d4"), "{screen:?}");
    let screen = tab("shale down");
    assert!(screen.contains("downgrade"), "{screen:?}");
}
