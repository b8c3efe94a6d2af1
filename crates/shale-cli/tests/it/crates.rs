//! Many crates, one history: a library's migrations folder listed under `[[sources]]` in
//! shale.toml, applied together with the application's, each on its own branch.

use crate::support::{each_db, shale_cmd, Proj};
use shale_testkit::TestDb;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The fixtures shared with the library's embed tests: `library` (authlib, two
/// revisions), `library_v2` (a third), `app` (three, the second depending on authlib's
/// first).
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shale/tests/crates")
        .join(name)
        .join("migrations/versions")
}

fn copy_scripts(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

const SOURCES: &str = "\n[[sources]]\nname = \"authlib\"\npath = \"vendor/authlib/migrations\"\n";

/// A project whose own folder holds the application's scripts and whose `[[sources]]`
/// lists the vendored library.
fn workspace(url: &str) -> Proj {
    let p = Proj::new(url);
    copy_scripts(&fixture("app"), &p.versions());
    copy_scripts(&fixture("library"), &library_versions(&p));
    let toml = p.path().join("shale.toml");
    let text = std::fs::read_to_string(&toml).unwrap() + SOURCES;
    std::fs::write(toml, text).unwrap();
    p
}

/// Whether a script whose name contains `part` is in either folder.
fn scripts_named(p: &Proj, part: &str) -> bool {
    [p.versions(), library_versions(p)].iter().any(|dir| {
        std::fs::read_dir(dir)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().contains(part))
    })
}

fn library_versions(p: &Proj) -> PathBuf {
    p.path().join("vendor/authlib/migrations/versions")
}

fn rows(db: &TestDb) -> Vec<String> {
    let mut rows = db.column("SELECT version_num FROM shale_version");
    rows.sort();
    rows
}

fn history(db: &TestDb) -> Vec<String> {
    db.column("SELECT direction FROM shale_version_history ORDER BY id")
}

fn ups(db: &TestDb) -> Vec<String> {
    db.column("SELECT revision FROM shale_version_history WHERE direction = 'up' ORDER BY id")
}

#[test]
fn a_library_and_an_application_share_one_history() {
    each_db(|db| {
        let name = db.kind.name();
        let p = workspace(&db.url);
        let heads = p.shale(&["heads"]).ok().to_string();
        assert!(
            heads.contains("a00000000003 (app) (head)"),
            "{name}: {heads}"
        );
        assert!(
            heads.contains("b00000000002 (authlib) (head)"),
            "{name}: {heads}"
        );

        p.shale(&["upgrade", "heads"]).ok();
        assert_eq!(
            ups(db),
            [
                "a00000000001",
                "b00000000001",
                "a00000000002",
                "a00000000003",
                "b00000000002"
            ],
            "{name}: the library's first revision before the application's that needs it"
        );
        assert_eq!(rows(db), ["a00000000003", "b00000000002"], "{name}");
        let current = p.shale(&["current"]).ok().to_string();
        assert!(
            current.contains("a00000000003") && current.contains("b00000000002"),
            "{name}: {current}"
        );
        let status = p.shale(&["status"]).ok().to_string();
        assert!(!status.contains("pending"), "{name}: {status}");
        let listed = p.shale(&["history"]).ok().to_string();
        assert_eq!(
            listed.lines().filter(|l| l.contains(" -> ")).count(),
            5,
            "{name}: {listed}"
        );
        let verbose = p.shale(&["history", "--verbose"]).ok().to_string();
        assert!(
            verbose.contains("vendor/authlib/migrations/versions/0002_b00000000002"),
            "{name}: {verbose}"
        );
        p.shale(&["graph"]).ok();
        // One head per folder: verify walks both branches up and down on a scratch
        // database.
        let verify = p.shale(&["verify"]);
        assert_eq!(
            verify.code, 0,
            "{name}: {}\n{}",
            verify.stdout, verify.stderr
        );

        // One branch goes down; the other stays.
        p.shale(&["downgrade", "authlib@-1"]).ok();
        assert_eq!(rows(db), ["a00000000003", "b00000000001"], "{name}");
        assert!(!db.has_table("auth_sessions"), "{name}");
        assert!(db.has_table("post_authors"), "{name}");
        p.shale(&["downgrade", "app@-1"]).ok();
        assert_eq!(rows(db), ["a00000000002", "b00000000001"], "{name}");
        assert!(!db.has_column("posts", "pinned"), "{name}");
        let tail: Vec<String> = history(db).split_off(5);
        assert_eq!(
            tail,
            ["down", "down"],
            "{name}: two downgrades, nothing else"
        );
        p.shale(&["upgrade", "heads"]).ok();
        assert_eq!(rows(db), ["a00000000003", "b00000000002"], "{name}");

        // The library's next release adds a revision: only it runs.
        let before = ups(db).len();
        copy_scripts(&fixture("library_v2"), &library_versions(&p));
        p.shale(&["upgrade", "heads"]).ok();
        assert_eq!(ups(db)[before..], ["b00000000003"], "{name}");
        assert!(db.has_column("auth_users", "last_login"), "{name}");
        assert_eq!(rows(db), ["a00000000003", "b00000000003"], "{name}");

        // Down to base: what depends on the library's revisions goes before them.
        p.shale(&["downgrade", "base"]).ok();
        assert!(rows(db).is_empty(), "{name}");
        assert!(
            !db.has_table("auth_users") && !db.has_table("posts"),
            "{name}"
        );
    });
}

/// Two `shale upgrade heads` at once on the combined history: each revision once.
#[test]
fn concurrent_upgrades_of_the_combined_history() {
    each_db(|db| {
        let name = db.kind.name();
        let p = workspace(&db.url);
        let children: Vec<_> = (0..2)
            .map(|_| {
                shale_cmd(p.path())
                    .args(["upgrade", "heads"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn shale")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let mut applied = ups(db);
        assert_eq!(applied.len(), 5, "{name}: {applied:?}");
        applied.sort();
        applied.dedup();
        assert_eq!(applied.len(), 5, "{name}: each revision exactly once");
        assert_eq!(rows(db), ["a00000000003", "b00000000002"], "{name}");
    });
}

/// New revisions go to the application's folder, or with `--source` to the library's.
#[test]
fn new_revisions_go_to_the_right_folder() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("app.db").display());
    let p = workspace(&url);
    let app = p.shale(&["revision", "-m", "app change"]).ok().to_string();
    assert!(app.contains("migrations/versions/"), "{app}");
    assert!(!app.contains("vendor"), "{app}");
    let written = std::fs::read_dir(p.versions())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|path| path.to_string_lossy().contains("app_change"))
        .expect("the new script in the application's folder");
    let text = std::fs::read_to_string(written).unwrap();
    assert!(
        text.contains("a00000000003"),
        "revises the application's head: {text}"
    );
    assert!(!text.contains("b00000000002"), "{text}");

    let lib = p
        .shale(&[
            "revision",
            "-m",
            "lib change",
            "--source",
            "authlib",
            "--rev-id",
            "libnew",
        ])
        .ok()
        .to_string();
    assert!(lib.contains("vendor/authlib/migrations/versions/"), "{lib}");
    let heads = p.shale(&["heads"]).ok().to_string();
    assert_eq!(heads.lines().count(), 2, "{heads}");

    let err = p
        .shale(&["revision", "-m", "x", "--head", "authlib@head"])
        .fails(1)
        .to_string();
    assert!(err.contains("--source authlib"), "{err}");
    assert!(err.contains("--depends-on"), "{err}");
    // A squash covers the application's own revisions only.
    let err = p
        .shale(&["squash", "b00000000001:libnew", "-m", "squash lib"])
        .fails(1)
        .to_string();
    assert!(err.contains("source `authlib`"), "{err}");
    assert!(!scripts_named(&p, "squash_lib"), "nothing written");

    let err = p
        .shale(&["revision", "-m", "x", "--source", "nosuch"])
        .fails(2)
        .to_string();
    assert!(err.contains("lists authlib"), "{err}");
}

#[test]
fn folders_that_cannot_share_a_history_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("app.db").display());

    // A library revision id that the application uses too: both files named.
    let p = workspace(&url);
    let clash = library_versions(&p).join("0009_clash.sql");
    std::fs::write(
        &clash,
        "-- shale:revision a00000000001\n-- shale:revises b00000000002\n-- shale:upgrade\nSELECT 1;\n",
    )
    .unwrap();
    let err = p.shale(&["heads"]).fails(1).to_string();
    assert!(err.contains("declared twice"), "{err}");
    assert!(err.contains("0001_a00000000001_create_posts.sql"), "{err}");
    assert!(err.contains("0009_clash.sql"), "{err}");

    // The library's folder is missing.
    let p = workspace(&url);
    std::fs::remove_dir_all(p.path().join("vendor")).unwrap();
    let err = p.shale(&["upgrade", "heads"]).fails(1).to_string();
    assert!(err.contains("source `authlib`"), "{err}");
    assert!(err.contains("vendor/authlib/migrations/versions"), "{err}");
    assert!(err.contains("[[sources]]"), "{err}");

    // A dependency on a revision that no folder has.
    let p = workspace(&url);
    let app2 = p
        .versions()
        .join("0002_a00000000002_create_post_authors.sql");
    let text = std::fs::read_to_string(&app2)
        .unwrap()
        .replace("depends-on b00000000001", "depends-on b0000000000f");
    std::fs::write(&app2, text).unwrap();
    let err = p.shale(&["upgrade", "heads"]).fails(1).to_string();
    assert!(err.contains("depends on `b0000000000f`"), "{err}");

    // A library branch without a label.
    let p = workspace(&url);
    let first = library_versions(&p).join("0001_b00000000001_create_auth_users.sql");
    let text = std::fs::read_to_string(&first)
        .unwrap()
        .replace("-- shale:branch-labels authlib\n", "");
    std::fs::write(&first, text).unwrap();
    let out = p.shale(&["--json", "heads"]);
    out.fails(1);
    assert!(out.stdout.contains("\"invalid-source\""), "{}", out.stdout);
    assert!(
        out.stdout.contains("carries no branch label"),
        "{}",
        out.stdout
    );
}

/// Autogenerate and `check` with a library's folder under `[[sources]]`: the models
/// declare the application's tables only, with a foreign key to the library's users; the
/// library's tables are the library's, never proposed for dropping, and a change of the
/// models gives a revision about the application's tables alone.
#[test]
fn autogenerate_leaves_the_libraries_tables_to_their_revisions() {
    each_db(|db| {
        let name = db.kind.name();
        let p = workspace(&db.url);
        let toml = p.path().join("shale.toml");
        let text = std::fs::read_to_string(&toml).unwrap() + "\n[models]\nsql = [\"schema.sql\"]\n";
        std::fs::write(&toml, text).unwrap();
        let models = |extra: &str| {
            std::fs::write(
                p.path().join("schema.sql"),
                format!(
                    "CREATE TABLE posts (\n    id INTEGER PRIMARY KEY,\n    title VARCHAR(200) NOT NULL,\n    pinned INTEGER{extra}\n);\n\
                     CREATE TABLE post_authors (\n    post_id INTEGER NOT NULL,\n    user_id INTEGER NOT NULL,\n    \
                     FOREIGN KEY (post_id) REFERENCES posts (id),\n    FOREIGN KEY (user_id) REFERENCES auth_users (id)\n);\n"
                ),
            )
            .unwrap()
        };
        models("");
        p.shale(&["upgrade", "heads"]).ok();
        let out = p.shale(&["check"]);
        assert_eq!(out.code, 0, "{name}: {}{}", out.stdout, out.stderr);
        let out = p.shale(&["revision", "--autogenerate", "-m", "nothing"]);
        assert!(
            out.stdout.contains("No changes"),
            "{name}: {}{}",
            out.stdout,
            out.stderr
        );

        models(",\n    summary VARCHAR(200)");
        let out = p.shale(&["revision", "--autogenerate", "-m", "summary"]);
        assert_eq!(out.code, 0, "{name}: {}{}", out.stdout, out.stderr);
        let written: String = std::fs::read_dir(p.versions())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| f.to_string_lossy().contains("summary"))
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        assert!(written.contains("summary"), "{name}: {written}");
        assert!(
            !written.contains("auth_users") && !written.contains("auth_sessions"),
            "{name}: the library's tables are left to its revisions:\n{written}"
        );
        p.shale(&["upgrade", "heads"]).ok();
        p.shale(&["check"]).ok();
        // The fleet's check reads the libraries' tables the same way.
        let text = std::fs::read_to_string(&toml).unwrap()
            + &format!("\n[targets]\nurls = [\"{}\"]\n", db.url);
        std::fs::write(&toml, text).unwrap();
        let out = p.shale(&["check", "--targets"]);
        assert_eq!(out.code, 0, "{name}: {}{}", out.stdout, out.stderr);
    });
}
