//! Embedded migrations against real databases: concurrent start-ups, pools, check at head.

use shale::embed::EmbeddedMigrations;
use shale::graph::Target;
use shale_testkit::{Kind, TestDb, ALL};

static MIGRATIONS: EmbeddedMigrations = shale::embed_migrations!("tests/embedded");

/// How many replicas start at once.
const REPLICAS: usize = 8;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap()
}

fn applied_ups(db: &TestDb) -> Vec<String> {
    db.column("SELECT revision FROM shale_version_history WHERE direction = 'up' ORDER BY id")
}

/// Eight replicas upgrade the same database at once: each revision runs exactly once, in
/// order, and every replica succeeds at head.
fn concurrent_start_ups(kind: Kind) {
    let Some(db) = TestDb::create(kind) else {
        return;
    };
    let reports = runtime().block_on(async {
        let tasks: Vec<_> = (0..REPLICAS)
            .map(|_| {
                let url = db.url.clone();
                tokio::spawn(async move { MIGRATIONS.upgrade(&url).await })
            })
            .collect();
        let mut reports = Vec::new();
        for task in tasks {
            reports.push(task.await.unwrap());
        }
        reports
    });
    let mut steps = 0;
    for report in reports {
        let report = report.unwrap_or_else(|e| panic!("{}: a replica failed: {e}", kind.name()));
        assert_eq!(report.heads, ["f6e5d4c3b2a1"], "{}", kind.name());
        steps += report.steps.len();
    }
    assert_eq!(steps, 2, "{}: two revisions applied in all", kind.name());
    assert_eq!(
        applied_ups(&db),
        ["a1b2c3d4e5f6", "f6e5d4c3b2a1"],
        "{}: every revision exactly once, in order",
        kind.name()
    );
}

#[test]
fn eight_replicas_start_at_once() {
    for kind in ALL {
        concurrent_start_ups(kind);
    }
}

/// The pool's connections are left to the application: a pool of one connection, held by
/// the application, does not block the upgrade (the lock and the run open their own).
#[test]
fn upgrade_through_a_busy_single_connection_pool() {
    let Some(db) = TestDb::create(Kind::Postgres) else {
        return;
    };
    runtime().block_on(async {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect(&db.url)
            .await
            .unwrap();
        let held = pool.acquire().await.unwrap();
        let report = MIGRATIONS.upgrade(&pool).await.unwrap();
        assert_eq!(report.steps.len(), 2);
        drop(held);
        sqlx::query("INSERT INTO notes (id, body) VALUES (1, 'x')")
            .execute(&pool)
            .await
            .unwrap();
        MIGRATIONS.check_at_head(&pool).await.unwrap();
    });
    assert_eq!(applied_ups(&db).len(), 2);
}

/// A database behind head is refused with the pending revisions; one at a revision that
/// no embedded script has (an older binary against a newer schema) is refused too.
#[test]
fn check_at_head_refuses_behind_and_unknown() {
    for kind in ALL {
        let Some(db) = TestDb::create(kind) else {
            continue;
        };
        runtime().block_on(async {
            let first = Target::Rev("a1b2c3d4e5f6".into());
            MIGRATIONS.upgrade_to(&db.url, &first).await.unwrap();
            let err = MIGRATIONS.check_at_head(&db.url).await.unwrap_err();
            let shale::Error::Pending(pending) = &err else {
                panic!("{err}");
            };
            assert_eq!(pending.current, ["a1b2c3d4e5f6"]);
            let message = err.to_string();
            assert!(
                message.contains("f6e5d4c3b2a1 add notes.pinned"),
                "{message}"
            );
            assert!(message.contains("shale upgrade head"), "{message}");
        });
        // A revision that stopped part-way (as a crash outside a transaction leaves it).
        db.execute(
            "INSERT INTO shale_version_history (revision, direction, checksum, duration_ms, detail) \
             VALUES ('f6e5d4c3b2a1', 'running', 'x', 0, 'up 0/1 e3b0c44298fc1c14')",
        );
        let err = runtime()
            .block_on(MIGRATIONS.check_at_head(&db.url))
            .unwrap_err();
        assert!(
            matches!(err, shale::Error::Interrupted(_)) && err.to_string().contains("--resume"),
            "{err}"
        );
        db.execute("UPDATE shale_version SET version_num = 'beefbeefbeef'");
        let err = runtime()
            .block_on(MIGRATIONS.check_at_head(&db.url))
            .unwrap_err();
        assert!(err.to_string().contains("beefbeefbeef"), "{err}");
    }
}
