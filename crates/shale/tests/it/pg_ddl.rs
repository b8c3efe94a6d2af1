//! PostgreSQL SQL models read without a database (`shale::models::pg_ddl`) against the
//! real thing: every PostgreSQL schema of the round-trip corpus and of the inspection
//! cases that the reader accepts is applied to PostgreSQL 15 and inspected, and the two
//! schemas must be equal — not merely free of differences, equal field by field.

use shale::db::inspect::inspect;
use shale::db::Db;
use shale::models::pg_ddl;
use shale::url::DbUrl;
use shale_testkit::{Kind, TestDb};
use std::path::{Path, PathBuf};

/// The file of every form the reader accepts: it must be accepted.
const ACCEPTED: &str = "pg_ddl_cases/accepted.sql";

/// The PostgreSQL model files of the corpora: every accepted form, `before`/`after` of
/// each round-trip case that runs on PostgreSQL, and the inspection cases.
fn model_files() -> Vec<PathBuf> {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = vec![
        tests.join(ACCEPTED),
        tests.join("inspect_cases/postgres.sql"),
    ];
    let mut cases: Vec<PathBuf> = std::fs::read_dir(tests.join("roundtrip_cases"))
        .expect("round-trip corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    for case in cases {
        let skip = std::fs::read_to_string(case.join("skip")).unwrap_or_default();
        if skip.lines().any(|l| l.starts_with("postgres:")) {
            continue;
        }
        for stem in ["before", "after"] {
            let file = [format!("{stem}.postgres.sql"), format!("{stem}.sql")]
                .into_iter()
                .map(|f| case.join(f))
                .find(|p| p.exists());
            files.extend(file);
        }
    }
    files
}

#[test]
fn accepted_models_read_exactly_as_postgres_reports_them() {
    let Some(test_db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    let url = DbUrl::parse(&test_db.url).expect("test URL");
    let files = model_files();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (accepted, mismatches) = runtime.block_on(async {
        let mut db = Db::connect(&url).await.expect("connect");
        let (mut accepted, mut mismatches) = (0, Vec::new());
        for (i, file) in files.iter().enumerate() {
            let text = std::fs::read_to_string(file).expect("model file");
            let Some(read) = pg_ddl::read(&[&text]) else {
                assert!(!file.ends_with(ACCEPTED), "{ACCEPTED} was not accepted");
                continue;
            };
            accepted += 1;
            // Each file in a schema of its own: inspection reads the current schema.
            let schema = format!("case_{i}");
            db.execute(&format!(
                "CREATE SCHEMA {schema}; SET search_path = {schema}"
            ))
            .await
            .expect("schema");
            db.execute(&text)
                .await
                .unwrap_or_else(|e| panic!("{}: PostgreSQL refused it: {e}", file.display()));
            let inspected = inspect(&mut db, &[]).await.expect("inspect");
            if inspected != read {
                mismatches.push(format!(
                    "{}:\n  read:      {read:?}\n  inspected: {inspected:?}",
                    file.display()
                ));
            }
            db.execute(&format!(
                "SET search_path = public; DROP SCHEMA {schema} CASCADE"
            ))
            .await
            .expect("drop schema");
        }
        db.close().await;
        (accepted, mismatches)
    });
    eprintln!(
        "{accepted} of {} PostgreSQL model files read without a database",
        files.len()
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The reader must be worth having: most plain corpus files take it.
    assert!(accepted >= files.len() / 2, "only {accepted} accepted");
}
