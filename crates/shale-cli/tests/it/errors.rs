//! Bad input: each gets a clear message, a non-zero exit, and loses nothing.

use crate::support::{each_db, shale_cmd, Proj};
use shale_testkit::{Kind, TestDb};

const R1: &str = "aaaaaaaaaaa1";
const R2: &str = "bbbbbbbbbbb2";

fn sqlite() -> (TestDb, Proj) {
    let db = TestDb::create(Kind::Sqlite).unwrap();
    let p = Proj::new(&db.url);
    (db, p)
}

#[test]
fn malformed_scripts_name_file_and_line() {
    let (_db, p) = sqlite();
    std::fs::write(
        p.versions().join("0000_bad.sql"),
        "-- shale:revises x\n\n-- shale:upgrade\nSELECT 1;\n",
    )
    .unwrap();
    let err = p.shale(&["heads"]).fails(1).to_string();
    assert!(
        err.contains("0000_bad.sql") && err.contains("shale:revision"),
        "{err}"
    );
    std::fs::write(
        p.versions().join("0000_bad.sql"),
        "-- shale:revision aaaaaaaaaaa1\n-- shale:upgrade\nSELECT 1;\n-- shale:upgrade\nSELECT 2;\n",
    )
    .unwrap();
    let err = p.shale(&["upgrade"]).fails(1).to_string();
    assert!(err.contains("0000_bad.sql:4"), "{err}");
}

#[test]
fn broken_graphs_are_refused_with_the_files_named() {
    let (db, p) = sqlite();
    let a = p.rev(R1, &[], "SELECT 1;", "");
    let dup = p.versions().join("0009_copy.sql");
    std::fs::copy(&a, &dup).unwrap();
    let err = p.shale(&["heads"]).fails(1).to_string();
    assert!(err.contains(R1) && err.contains("0009_copy.sql"), "{err}");
    std::fs::remove_file(dup).unwrap();

    let orphan = p.rev(R2, &["ffffffffffff"], "SELECT 1;", "");
    let err = p.shale(&["upgrade"]).fails(1).to_string();
    assert!(
        err.contains("ffffffffffff")
            && err.contains(&orphan.file_name().unwrap().to_string_lossy().to_string()),
        "{err}"
    );
    std::fs::remove_file(orphan).unwrap();

    // A cycle: R1 revises R2 revises R1.
    std::fs::remove_file(&a).unwrap();
    p.rev(R1, &[R2], "SELECT 1;", "");
    p.rev(R2, &[R1], "SELECT 1;", "");
    let err = p.shale(&["history"]).fails(1).to_string();
    assert!(err.contains("cycle") && err.contains(R1), "{err}");
    assert!(!db.has_table("shale_version"), "nothing may be written");
}

#[test]
fn targets_bad_ambiguous_and_unknown() {
    let (_db, p) = sqlite();
    p.rev("abc000000001", &[], "SELECT 1;", "");
    p.rev("abc000000002", &["abc000000001"], "SELECT 1;", "");
    let err = p.shale(&["upgrade", "abc"]).fails(1).to_string();
    assert!(
        err.contains("abc000000001") && err.contains("abc000000002"),
        "{err}"
    );
    let err = p.shale(&["upgrade", "fff"]).fails(1).to_string();
    assert!(err.contains("fff"), "{err}");
    let err = p.shale(&["upgrade", "+x"]).fails(2).to_string();
    assert!(err.contains("+x"), "{err}");
    let err = p.shale(&["downgrade"]).fails(2).to_string();
    assert!(err.contains("-1"), "{err}");
    let err = p.shale(&["downgrade", "-1"]).fails(1).to_string();
    assert!(!err.is_empty());
    let err = p.shale(&["frobnicate"]).fails(2).to_string();
    assert!(err.contains("frobnicate"), "{err}");
}

#[test]
fn unreachable_servers_and_wrong_passwords_keep_the_password_secret() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("migrations/versions")).unwrap();
    for url in [
        "postgres://postgres:hunter2@127.0.0.1:1/app",
        "mysql://root:hunter2@127.0.0.1:1/app",
        "mysql://root:hunter2@127.0.0.1:3306/app",
        "postgresql+psycopg://nosuchuser:hunter2@127.0.0.1:5432/app",
    ] {
        let out = shale_cmd(dir.path())
            .args(["--url", url, "current"])
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(1), "{url}: {stderr}");
        assert!(stderr.contains("cannot connect"), "{url}: {stderr}");
        assert!(
            !stderr.contains("hunter2") && !stdout.contains("hunter2"),
            "{url}: {stderr}"
        );
        assert!(stderr.contains(":***@"), "{url}: {stderr}");
    }
    let out = shale_cmd(dir.path())
        .args(["--url", "oracle://x/y", "current"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL scheme"));
}

#[test]
fn no_url_names_database_url_and_env_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    shale_cmd(dir.path()).args(["init"]).output().unwrap();
    std::fs::write(
        dir.path().join("shale.toml"),
        "script_location = \"migrations\"\n",
    )
    .unwrap();
    let out = shale_cmd(dir.path()).args(["current"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL"));
    let db = dir.path().join("from_env.db");
    std::fs::write(
        dir.path().join(".env"),
        format!("DATABASE_URL=sqlite://{}\n", db.display()),
    )
    .unwrap();
    let out = shale_cmd(dir.path()).args(["upgrade"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(db.exists());
    // DATABASE_URL beats the file; --url beats both.
    let other = dir.path().join("from_flag.db");
    let out = shale_cmd(dir.path())
        .args(["--url", &format!("sqlite://{}", other.display()), "upgrade"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(other.exists());
}

#[test]
fn init_creates_the_layout_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = shale_cmd(dir.path()).args(["init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        dir.path().join("shale.toml").exists() && dir.path().join("migrations/versions").is_dir()
    );
    std::fs::write(dir.path().join("migrations/versions/keep.sql"), "precious").unwrap();
    let out = shale_cmd(dir.path()).args(["init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("migrations/versions/keep.sql")).unwrap(),
        "precious"
    );
    let out = shale_cmd(dir.path()).args(["init", "db"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "shale.toml exists");
}

#[test]
fn bad_config_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shale.toml"), "script_location = 3\n").unwrap();
    let out = shale_cmd(dir.path()).args(["heads"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shale.toml"));
    let out = shale_cmd(dir.path())
        .args(["-c", "missing.toml", "heads"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.toml"));
}

#[test]
fn a_missing_scripts_folder_is_named() {
    each_db(|db| {
        let p = Proj::new(&db.url);
        std::fs::remove_dir_all(p.versions()).unwrap();
        let err = p.shale(&["upgrade"]).fails(1).to_string();
        assert!(err.contains("versions"), "{err}");
    });
}

#[test]
fn unterminated_constructs_refuse_to_load_and_nothing_is_applied() {
    let (db, p) = sqlite();
    p.rev(
        R1,
        &[],
        "CREATE TABLE users (id INTEGER PRIMARY KEY);",
        "DROP TABLE users;",
    );
    // Line 6 of the file is the first line of the upgrade section.
    let cases = [
        (
            "/* oops\nALTER TABLE users ADD COLUMN name TEXT;",
            "block comment",
        ),
        (
            "SELECT 1;\nINSERT INTO users VALUES ('x);\nSELECT 2;",
            "string",
        ),
        (
            "CREATE FUNCTION f() AS $body$ SELECT 1;",
            "dollar quote `$body$`",
        ),
        (
            "CREATE TRIGGER t AFTER INSERT ON users FOR EACH ROW\nBEGIN\n  SELECT 1;",
            "`BEGIN … END` body",
        ),
    ];
    let lines = [6, 7, 6, 7];
    for ((upgrade, what), line) in cases.into_iter().zip(lines) {
        let bad = p.rev(R2, &[R1], upgrade, "SELECT 1;");
        let at = format!("{}:{line}:", bad.file_name().unwrap().to_string_lossy());
        for args in [
            &["upgrade", "head"][..],
            &["lint"],
            &["verify"],
            &["history"],
        ] {
            let err = p.shale(args).fails(1).to_string();
            assert!(
                err.contains(&at) && err.contains(&format!("unterminated {what}")),
                "{args:?} on {upgrade:?}: {err}"
            );
        }
        std::fs::remove_file(bad).unwrap();
    }
    assert!(!db.has_table("users"), "nothing may be applied");
    assert!(!db.has_table("shale_version"), "nothing may be recorded");
}

#[test]
fn a_multi_megabyte_statement_is_quoted_in_twenty_lines() {
    let (_db, p) = sqlite();
    let rows = "  ('a value long enough to add up to megabytes'),\n".repeat(100_000);
    p.rev(
        R1,
        &[],
        &format!("INSERT INTO no_such_table (v) VALUES\n{rows}  ('last');"),
        "",
    );
    let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
    assert!(err.len() < 4_000, "{} bytes of stderr", err.len());
    assert!(
        err.contains("no such table") && err.contains("more lines") && err.contains(":6:"),
        "{err}"
    );
    // An unterminated quote in a huge script is refused at load, quoting nothing.
    p.rev(R2, &[R1], &format!("SELECT 'x;\n{rows}"), "");
    let err = p.shale(&["upgrade", "head"]).fails(1).to_string();
    assert!(
        err.len() < 1_000 && err.contains("unterminated string"),
        "{err}"
    );
}

#[test]
fn passwords_stay_secret_in_every_url_form_and_source() {
    const SECRET: &str = "s3cr3tPw";
    let urls = [
        format!("postgres://u:{SECRET}@127.0.0.1:1/app"),
        format!("postgres://u:{SECRET}%40x@127.0.0.1:1/app"),
        format!("postgres://u:{SECRET}/x@127.0.0.1:1/app"),
        format!("postgres://u@127.0.0.1:1/app?password={SECRET}"),
        format!("postgres://127.0.0.1:1/app?sslmode=disable&password={SECRET}"),
        format!("postgres://u@127.0.0.1:1/app?sslpassword={SECRET}&sslmode=disable"),
        format!("mysql://root@127.0.0.1:1/app?password={SECRET}"),
        format!("mariadb://root:{SECRET}@127.0.0.1:1/app?pass={SECRET}"),
        format!("postgres:u:{SECRET}@127.0.0.1:1/app"),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("migrations/versions")).unwrap();
    let check = |how: &str, url: &str, out: std::process::Output| {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{how} {url}: {text}");
        assert!(!text.contains(SECRET), "{how} {url}: {text}");
        assert!(!text.is_empty(), "{how} {url}: an error is printed");
    };
    let toml = dir.path().join("shale.toml");
    let env = dir.path().join(".env");
    for url in &urls {
        for args in [&["current"][..], &["status"], &["--json", "status"]] {
            let out = shale_cmd(dir.path())
                .arg("--url")
                .arg(url)
                .args(args)
                .output()
                .unwrap();
            check(&format!("--url {args:?}"), url, out);
        }
        let out = shale_cmd(dir.path())
            .env("DATABASE_URL", url)
            .args(["history"])
            .output()
            .unwrap();
        // `history` works without a database: it warns and exits 0.
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(!text.contains(SECRET), "DATABASE_URL {url}: {text}");

        std::fs::write(&env, format!("DATABASE_URL={url}\n")).unwrap();
        let out = shale_cmd(dir.path()).args(["current"]).output().unwrap();
        check(".env", url, out);
        std::fs::remove_file(&env).unwrap();

        std::fs::write(
            &toml,
            format!("script_location = \"migrations\"\nurl = \"{url}\"\n"),
        )
        .unwrap();
        let out = shale_cmd(dir.path()).args(["status"]).output().unwrap();
        check("shale.toml", url, out);
        // A shale.toml that does not parse is quoted in the error: still no password.
        std::fs::write(&toml, format!("url = \"{url}\nscript_location = 1\n")).unwrap();
        let out = shale_cmd(dir.path()).args(["current"]).output().unwrap();
        check("broken shale.toml", url, out);
        std::fs::remove_file(&toml).unwrap();
    }
}

/// Under `--json` an error is one JSON object on stdout with a stable code; exit codes do
/// not change.
#[test]
fn json_errors_carry_a_stable_code() {
    let (_db, p) = sqlite();
    let json_error = |args: &[&str], code: i32| -> serde_json::Value {
        let run = p.shale(args);
        run.fails(code);
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", run.stdout));
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{v}"
        );
        v
    };
    let code = |v: &serde_json::Value| v["error"]["code"].as_str().unwrap().to_string();
    p.rev(R1, &[], "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
    p.rev(R2, &[R1], "INSERT INTO nope VALUES (1);", "");

    assert_eq!(
        code(&json_error(&["--json", "upgrade", "x:y:z"], 2)),
        "usage"
    );
    assert_eq!(
        code(&json_error(&["--json", "downgrade", "+-"], 2)),
        "invalid-target"
    );
    assert_eq!(
        code(&json_error(&["--json", "--frobnicate", "heads"], 2)),
        "usage"
    );
    assert_eq!(
        code(&json_error(&["--json", "show", "fff"], 1)),
        "unknown-revision"
    );
    let v = json_error(&["--json", "upgrade", "head"], 1);
    assert_eq!(code(&v), "statement-failed");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("nope"),
        "{v}"
    );
    let v = json_error(
        &[
            "--json",
            "--url",
            "postgres://u:hunter2@127.0.0.1:1/x",
            "current",
        ],
        1,
    );
    assert_eq!(code(&v), "connect-failed");
    assert!(!v.to_string().contains("hunter2"), "{v}");
    assert_eq!(
        code(&json_error(
            &["--json", "--url", "oracle://x/y", "current"],
            1
        )),
        "invalid-url"
    );
    assert_eq!(code(&json_error(&["--json", "init"], 1)), "exists");

    p.write("shale.toml", "dialect = \"postgresql\"\n");
    assert_eq!(code(&json_error(&["--json", "current"], 1)), "no-url");
    let v = json_error(&["--json", "--url", "sqlite://x.db", "current"], 1);
    assert_eq!(code(&v), "dialect-mismatch");
    p.write("shale.toml", "nope = 1\n");
    assert_eq!(code(&json_error(&["--json", "heads"], 1)), "invalid-config");
    // Without --json, errors stay text on stderr.
    let run = p.shale(&["heads"]);
    assert!(run.fails(1).starts_with("error: "), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

/// `show --json` has the revision's place in the graph (parents and children) and its
/// script.
#[test]
fn show_json_is_complete() {
    let (_db, p) = sqlite();
    p.rev(R1, &[], "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
    p.rev(R2, &[R1], "", "");
    let run = p.shale(&["--json", "show", R1]);
    let v: serde_json::Value = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(v["revision"], R1);
    assert_eq!(v["children"], serde_json::json!([R2]));
    assert_eq!(v["parents"], serde_json::json!([]));
    assert_eq!(v["head"], false);
    assert!(
        v["script"]
            .as_str()
            .unwrap()
            .contains("CREATE TABLE t (id INTEGER);"),
        "{v}"
    );
    assert!(
        v["script"].as_str().unwrap().contains("-- shale:downgrade"),
        "{v}"
    );
}
