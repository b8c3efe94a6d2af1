//! Every read-only command's `--json` output against the documented example in
//! docs/json.md: the same keys, in the same order, with values of the same kind.

use crate::support::Proj;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A JSON value's shape, object keys in document order (serde_json's `Value` sorts them).
#[derive(Debug)]
enum Shape {
    Null,
    Bool,
    Number,
    Text,
    Array(Vec<Shape>),
    Object(Vec<(String, Shape)>),
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shape, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Shape;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Shape, E> {
                Ok(Shape::Null)
            }
            fn visit_none<E>(self) -> Result<Shape, E> {
                Ok(Shape::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
                Ok(Shape::Bool)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
                Ok(Shape::Number)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
                Ok(Shape::Number)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
                Ok(Shape::Number)
            }
            fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
                Ok(Shape::Text)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Shape::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Shape>()? {
                    entries.push((key, value));
                }
                Ok(Shape::Object(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// Checks `actual` against the documented `doc`; `null` on either side matches anything,
/// arrays compare their first elements when both have one.
fn check(doc: &Shape, actual: &Shape, at: &str) -> Result<(), String> {
    match (doc, actual) {
        (Shape::Null, _) | (_, Shape::Null) => Ok(()),
        (Shape::Bool, Shape::Bool)
        | (Shape::Number, Shape::Number)
        | (Shape::Text, Shape::Text) => Ok(()),
        (Shape::Array(d), Shape::Array(a)) => match (d.first(), a.first()) {
            (Some(d), Some(a)) => check(d, a, &format!("{at}[0]")),
            _ => Ok(()),
        },
        (Shape::Object(d), Shape::Object(a)) => {
            let dk: Vec<&str> = d.iter().map(|(k, _)| k.as_str()).collect();
            let ak: Vec<&str> = a.iter().map(|(k, _)| k.as_str()).collect();
            if dk != ak {
                return Err(format!("{at}: documented keys {dk:?}, printed {ak:?}"));
            }
            for ((k, dv), (_, av)) in d.iter().zip(a) {
                check(dv, av, &format!("{at}.{k}"))?;
            }
            Ok(())
        }
        (d, a) => Err(format!("{at}: documented {d:?}, printed {a:?}")),
    }
}

/// The ```` ```json schema:NAME ```` blocks of docs/json.md.
fn documented() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/json.md");
    let text = std::fs::read_to_string(path).unwrap();
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(name) = line.strip_prefix("```json schema:") {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            blocks.push((name.trim().to_string(), body.join("\n")));
        }
    }
    blocks
}

/// Checks `stdout` of `shale … --json` against the documented block `name`.
pub fn assert_documented(name: &str, stdout: &str) {
    let blocks = documented();
    let Some((_, doc)) = blocks.iter().find(|(n, _)| n == name) else {
        panic!("docs/json.md has no `json schema:{name}` block");
    };
    let doc: Shape = serde_json::from_str(doc).unwrap_or_else(|e| panic!("{name} doc: {e}"));
    let actual: Shape =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{name}: {e}\n{stdout}"));
    if let Err(e) = check(&doc, &actual, name) {
        panic!("{e}\n{stdout}");
    }
}

#[test]
fn json_schemas_match_the_documented_examples() {
    let p = Proj::new("sqlite://app.db");
    let first = p.rev_with(
        "a1",
        &[],
        "-- shale:branch-labels app\n",
        "CREATE TABLE users (id BIGINT PRIMARY KEY);",
        "DROP TABLE users;",
    );
    p.rev("b1", &["a1"], "DROP TABLE old_users;", "");
    p.rev_with(
        "c1",
        &["a1"],
        "-- shale:depends-on b1\n",
        "CREATE TABLE t2 (id BIGINT);",
        "DROP TABLE t2;",
    );
    p.shale(&["upgrade", "a1"]).ok();
    let config = p.path().join("shale.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}[models]\nsql = [\"schema.sql\"]\n")).unwrap();
    p.write(
        "schema.sql",
        "CREATE TABLE users (id BIGINT PRIMARY KEY);\nCREATE TABLE audit_log (id BIGINT);\n",
    );
    let blocks = documented();
    let names: Vec<&str> = blocks.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "current", "history", "heads", "show", "status", "graph", "lint", "diff", "check",
            "verify", "init", "repair", "import"
        ]
    );
    // `import` is checked with a take-over in import.rs
    // (`json_output_is_one_object_with_the_takeover`), `init` and `repair` below.
    for (name, doc) in blocks
        .iter()
        .filter(|(n, _)| !["init", "repair", "import"].contains(&n.as_str()))
    {
        let args: Vec<&str> = match name.as_str() {
            "show" => vec!["show", "c1"],
            "lint" => vec!["lint", "--offline"],
            other => vec![other],
        };
        let mut with_json = args.clone();
        with_json.push("--json");
        let out = p.shale(&with_json);
        assert!(out.code <= 1, "{name}: {}", out.stderr);
        let doc: Shape = serde_json::from_str(doc).unwrap_or_else(|e| panic!("{name} doc: {e}"));
        let actual: Shape = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}", out.stdout));
        if let Err(e) = check(&doc, &actual, name) {
            panic!("{e}\n{}", out.stdout);
        }
    }
    // `repair` lists the applied script edited since it ran (exit status 1).
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(
        &first,
        text.replace(
            "(id BIGINT PRIMARY KEY)",
            "(id BIGINT PRIMARY KEY, x INTEGER)",
        ),
    )
    .unwrap();
    let out = p.shale(&["repair", "--json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("\"a1\""), "{}", out.stdout);
    assert_documented("repair", &out.stdout);
    let out = p.shale(&["repair", "a1", "--json"]);
    assert!(out.ok().contains("\"repaired\""), "{}", out.stdout);
    // `init` in an empty folder.
    let dir = tempfile::tempdir().unwrap();
    let out = crate::support::shale_cmd(dir.path())
        .args(["init", "--dialect", "postgresql", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_documented("init", &String::from_utf8_lossy(&out.stdout));
    // `branches` prints revisions like `heads`.
    let doc = &blocks.iter().find(|(n, _)| n == "heads").unwrap().1;
    let out = p.shale(&["branches", "--json"]);
    let actual: Shape = serde_json::from_str(out.ok()).unwrap();
    check(&serde_json::from_str(doc).unwrap(), &actual, "branches").unwrap();
}
