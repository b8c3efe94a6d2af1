//! Alembic habits: branch labels and `depends-on` (on every database), `shale edit`,
//! post-write hooks and `lint --since GIT_REF`.

use crate::support::{each_db, shale_cmd, text_type, Proj, Run};
use std::path::Path;

/// `-- shale:branch-labels NAME` as a header line.
fn labels(names: &str) -> String {
    format!("-- shale:branch-labels {names}\n")
}

#[test]
fn branch_labels_and_dependencies_drive_upgrades_and_downgrades() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        let text = text_type(db.kind);
        // Branch `core`: c1 <- c2 <- c3. Branch `net`: n1 <- n2, where n2 needs c2's table.
        p.rev_with(
            "c1",
            &[],
            &labels("core"),
            "CREATE TABLE core_a (id INT PRIMARY KEY);",
            "DROP TABLE core_a;",
        );
        p.rev_with(
            "c2",
            &["c1"],
            "",
            "CREATE TABLE hosts (id INT PRIMARY KEY);",
            "DROP TABLE hosts;",
        );
        p.rev_with(
            "c3",
            &["c2"],
            "",
            &format!("CREATE TABLE core_c (x {text});"),
            "DROP TABLE core_c;",
        );
        p.rev_with(
            "n1",
            &[],
            &labels("net"),
            "CREATE TABLE net_a (id INT PRIMARY KEY);",
            "DROP TABLE net_a;",
        );
        p.rev_with(
            "n2",
            &["n1"],
            "-- shale:depends-on c2\n",
            "CREATE TABLE links (id INT PRIMARY KEY, host_id INT REFERENCES hosts (id));",
            "DROP TABLE links;",
        );
        let out = p.shale(&["heads"]);
        assert_eq!(
            out.ok(),
            "c3 (core) (head), revision c3\nn2 (net) (head), revision n2\n"
        );

        // The dependency c2 is applied first; c3 is not on the way.
        let out = p.shale(&["upgrade", "net@head"]);
        out.ok();
        let order: Vec<&str> = out
            .stdout
            .lines()
            .filter(|l| l.starts_with("Running"))
            .collect();
        assert_eq!(order.len(), 4, "{}", out.stdout);
        assert!(
            order[1].contains("-> c2") && order[3].contains("-> n2"),
            "{order:?}"
        );
        assert!(db.has_table("links") && !db.has_table("core_c"));
        // c2 stays a head of its own branch in the version table.
        assert_eq!(p.shale(&["current"]).ok(), "c2\nn2 (head)\n");
        let history = p.shale(&["history"]);
        assert!(
            history
                .ok()
                .contains("[x] n1 -> n2 (net) (head) (current), revision n2"),
            "{}",
            history.stdout
        );
        assert!(history
            .stdout
            .contains("[ ] c2 -> c3 (core) (head), revision c3"));

        p.shale(&["upgrade", "core@head"]).ok();
        assert!(db.has_table("core_c"));
        assert_eq!(p.shale(&["current"]).ok(), "c3 (head)\nn2 (head)\n");

        // Going below c2 takes what depends on it down first.
        let out = p.shale(&["downgrade", "core@c1"]);
        let order: Vec<&str> = out
            .ok()
            .lines()
            .filter(|l| l.starts_with("Running"))
            .collect();
        assert_eq!(order.len(), 3, "{}", out.stdout);
        assert!(order[0].contains("n2 -> n1"), "{order:?}");
        assert!(!db.has_table("links") && !db.has_table("hosts") && db.has_table("net_a"));
        assert_eq!(p.shale(&["current"]).ok(), "c1\nn1\n");

        // A revision of another branch, an unknown label.
        let err = p.shale(&["upgrade", "core@n2"]);
        assert!(
            err.fails(1).contains("not on branch `core`"),
            "{}",
            err.stderr
        );
        let err = p.shale(&["upgrade", "nope@head"]);
        assert!(
            err.fails(1).contains("branches: core, net"),
            "{}",
            err.stderr
        );

        // `net@base`: the net branch unapplied from its first revision, core kept.
        p.shale(&["upgrade", "heads"]).ok();
        let out = p.shale(&["downgrade", "net@base"]);
        let order: Vec<&str> = out
            .ok()
            .lines()
            .filter(|l| l.starts_with("Running"))
            .collect();
        assert_eq!(order.len(), 2, "{}", out.stdout);
        assert!(!db.has_table("net_a") && !db.has_table("links"));
        assert!(db.has_table("core_c") && db.has_table("hosts"));
        assert_eq!(p.shale(&["current"]).ok(), "c3 (head)\n");
    });
}

/// `merge --branch-label NAME` labels the merge revision: `NAME@head` and `NAME@base`
/// then name the joined branch.
#[test]
fn merge_takes_a_branch_label() {
    let p = Proj::new("sqlite://merge.db");
    p.rev("a1", &[], "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
    p.rev("b1", &[], "CREATE TABLE b (id INTEGER);", "DROP TABLE b;");
    let args = ["merge", "-m", "join", "--rev-id", "m1", "heads"];
    let out = p.shale(&[&args[..], &["--branch-label", "joined", "--json"]].concat());
    let v: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    let text = std::fs::read_to_string(p.path().join(v["path"].as_str().unwrap())).unwrap();
    assert!(text.contains("-- shale:branch-labels joined\n"), "{text}");
    assert!(text.contains(" a1 b1\n"), "{text}");
    assert_eq!(p.shale(&["heads"]).ok(), "m1 (joined) (head), join\n");
    p.shale(&["upgrade", "joined@head"]).ok();
    assert_eq!(p.shale(&["current"]).ok(), "m1 (head)\n");
    p.shale(&["downgrade", "joined@base"]).ok();
    assert_eq!(p.shale(&["current"]).ok(), "a1\nb1\n");
    // A label another revision has is refused.
    let taken = [
        "merge",
        "-m",
        "again",
        "--branch-label",
        "joined",
        "a1",
        "b1",
    ];
    let err = p.shale(&taken);
    assert!(
        err.fails(2).contains("already on revision m1"),
        "{}",
        err.stderr
    );
}

#[test]
fn revision_flags_write_labels_and_dependencies() {
    let p = Proj::new("sqlite://app.db");
    p.shale(&[
        "revision",
        "-m",
        "core",
        "--rev-id",
        "c1",
        "--branch-label",
        "core",
    ])
    .ok();
    p.shale(&[
        "revision",
        "-m",
        "lib",
        "--rev-id",
        "l1",
        "--head",
        "base",
        "--branch-label",
        "lib",
    ])
    .ok();
    let out = p.shale(&[
        "revision",
        "-m",
        "uses lib",
        "--rev-id",
        "c2",
        "--head",
        "core@head",
        "--depends-on",
        "l1",
    ]);
    let written = out
        .ok()
        .trim()
        .strip_prefix("Generated ")
        .unwrap()
        .to_string();
    let text = std::fs::read_to_string(p.path().join(&written)).unwrap();
    assert!(text.contains("-- shale:revises  c1\n"), "{text}");
    assert!(text.contains("-- shale:depends-on l1\n"), "{text}");
    let first = std::fs::read_dir(p.versions())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|t| t.contains("-- shale:revision c1"))
        .unwrap();
    assert!(first.contains("-- shale:branch-labels core\n"), "{first}");
    // A label names one branch.
    let err = p.shale(&[
        "revision",
        "-m",
        "again",
        "--branch-label",
        "lib",
        "--head",
        "base",
    ]);
    assert!(
        err.fails(2).contains("already on revision l1"),
        "{}",
        err.stderr
    );
    let err = p.shale(&["revision", "-m", "x", "--head", "c2", "--depends-on", "zzz"]);
    assert!(
        err.fails(1).contains("no revision matches `zzz`"),
        "{}",
        err.stderr
    );
    // Shown with the revision.
    let shown: serde_json::Value =
        serde_json::from_str(p.shale(&["show", "c2", "--json"]).ok()).unwrap();
    assert_eq!(shown["depends_on"], serde_json::json!(["l1"]));
    assert_eq!(shown["branches"], serde_json::json!(["core"]));
    let shown: serde_json::Value =
        serde_json::from_str(p.shale(&["show", "lib", "--json"]).ok()).unwrap();
    assert_eq!(shown["revision"], "l1");
    assert_eq!(shown["branch_labels"], serde_json::json!(["lib"]));
    let graph = p.shale(&["graph", "--format", "mermaid", "--offline"]);
    assert!(graph.ok().contains("rl1 -.-> rc2"), "{}", graph.stdout);
}

/// Writes an executable shell script at `path`.
fn script_file(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn edit_with(p: &Proj, editor: &Path, rev: &str) -> Run {
    Run::from(
        shale_cmd(p.path())
            .args(["edit", rev])
            .env_remove("VISUAL")
            .env("EDITOR", editor)
            .output()
            .unwrap(),
    )
}

#[test]
#[cfg(unix)]
fn edit_opens_the_script_in_the_editor_and_checks_it() {
    let p = Proj::new("sqlite://app.db");
    let path = p.rev("a1", &[], "CREATE TABLE t (id INT);", "DROP TABLE t;");
    let tools = tempfile::tempdir().unwrap();
    let good = tools.path().join("good-editor");
    script_file(
        &good,
        r#"sed -i 's/CREATE TABLE t (id INT)/CREATE TABLE t (id BIGINT)/' "$1""#,
    );
    edit_with(&p, &good, "head").ok();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("CREATE TABLE t (id BIGINT);"), "{text}");

    // An editor that fails is an error naming it.
    let out = edit_with(&p, Path::new("false"), "a1");
    assert!(out.fails(1).contains("false failed"), "{}", out.stderr);
    let out = edit_with(&p, &good, "zz");
    assert!(
        out.fails(1).contains("no revision matches `zz`"),
        "{}",
        out.stderr
    );

    // An edit that breaks a directive is reported at once.
    let breaking = tools.path().join("breaking-editor");
    script_file(&breaking, r#"echo '-- shale:frobnicate' >> "$1""#);
    let out = edit_with(&p, &breaking, "a1");
    assert!(out.fails(1).contains("frobnicate"), "{}", out.stderr);
}

#[test]
#[cfg(unix)]
fn post_write_hooks_run_on_every_new_script() {
    let p = Proj::new("sqlite://app.db");
    script_file(
        &p.path().join("format.sh"),
        r#"echo "-- formatted $(basename "$1")" >> "$1""#,
    );
    let config = p.path().join("shale.toml");
    let base = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{base}\n[hooks]\npost_write = [\"./format.sh {{path}}\", \"test -n \\\"$SHALE_SCRIPT\\\"\"]\n"),
    )
    .unwrap();
    for (rev, head) in [("a1", "base"), ("b1", "a1"), ("b2", "a1")] {
        p.shale(&["revision", "-m", rev, "--rev-id", rev, "--head", head])
            .ok();
    }
    p.shale(&["merge", "-m", "join", "--rev-id", "m1", "heads"])
        .ok();
    let mut formatted = 0;
    for entry in std::fs::read_dir(p.versions()).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(text.ends_with(&format!("-- formatted {name}\n")), "{text}");
        formatted += 1;
    }
    assert_eq!(formatted, 4);

    // A failing hook is an error naming it; the script is kept.
    std::fs::write(
        &config,
        format!("{base}\n[hooks]\npost_write = [\"echo cannot format >&2; exit 3\"]\n"),
    )
    .unwrap();
    let out = p.shale(&["revision", "-m", "next", "--rev-id", "c1"]);
    let err = out.fails(1);
    assert!(
        err.contains("post_write hook `echo cannot format >&2; exit 3` failed"),
        "{err}"
    );
    assert!(err.contains("exit status 3: cannot format"), "{err}");
    assert_eq!(std::fs::read_dir(p.versions()).unwrap().count(), 5);
    let out = p.shale(&["revision", "-m", "again", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["error"]["code"], "hook-failed");
}

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn lint_since_a_git_ref_lints_only_new_and_changed_scripts() {
    let p = Proj::new("sqlite://app.db");
    p.rev(
        "a1",
        &[],
        "CREATE TABLE t (id INT, x INT);",
        "DROP TABLE t;",
    );
    p.rev("b1", &["a1"], "DROP TABLE old_stuff;", "");
    git(p.path(), &["init", "-q"]);
    git(p.path(), &["add", "."]);
    git(p.path(), &["commit", "-q", "-m", "first"]);
    // Nothing changed since HEAD: nothing to lint, although b1 drops a table.
    let out = p.shale(&["lint", "--since", "HEAD", "--offline", "--json"]);
    let json: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(json["revisions"], 0);
    let all = p.shale(&["lint", "--offline", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&all.stdout).unwrap();
    assert_eq!(json["revisions"], 2);
    assert!(json["errors"].as_u64().unwrap() > 0, "{}", all.stdout);

    // A new (untracked) script and an edited one are linted; the untouched b1 is not.
    p.rev("c1", &["b1"], "ALTER TABLE t DROP COLUMN x;", "");
    let a1 = p.versions().join("0000_a1.sql");
    let text = std::fs::read_to_string(&a1).unwrap();
    std::fs::write(&a1, text.replace("x INT)", "x INT, y INT)")).unwrap();
    let out = p.shale(&["lint", "--since", "HEAD", "--offline", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["revisions"], 2, "{}", out.stdout);
    let paths: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        !paths.is_empty() && paths.iter().all(|f| f.ends_with("0002_c1.sql")),
        "{paths:?}"
    );

    // Committed on a branch: compared with the ref it started from.
    git(p.path(), &["checkout", "-q", "-b", "feature"]);
    git(p.path(), &["add", "."]);
    git(p.path(), &["commit", "-q", "-m", "second"]);
    let out = p.shale(&["lint", "--since", "HEAD~1", "--offline", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["revisions"], 2, "{}", out.stdout);

    let out = p.shale(&["lint", "--since", "no-such-ref", "--offline"]);
    assert!(out.fails(1).contains("git failed"), "{}", out.stderr);
    let out = p.shale(&["lint", "a1", "--since", "HEAD"]);
    out.fails(2);
}
