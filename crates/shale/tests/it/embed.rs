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

/// A library crate's migrations (`authlib`, two revisions) and an application's (three, the
/// second depending on the library's first), embedded and combined.
static LIBRARY: EmbeddedMigrations = shale::embed_migrations!("tests/crates/library/migrations");
/// The library's next release: the same two revisions and a third.
static LIBRARY_V2: EmbeddedMigrations =
    shale::embed_migrations!("tests/crates/library_v2/migrations");
static APP: EmbeddedMigrations = shale::embed_migrations!("tests/crates/app/migrations");
static COMBINED: EmbeddedMigrations = EmbeddedMigrations::combine(&[&LIBRARY, &APP]);
static COMBINED_V2: EmbeddedMigrations = EmbeddedMigrations::combine(&[&LIBRARY_V2, &APP]);

fn sorted(mut heads: Vec<String>) -> Vec<String> {
    heads.sort();
    heads
}

/// Two crates' migrations applied as one history: one row per branch head, the dependency
/// respected, each revision once with two replicas at once, one branch downgraded alone,
/// and the library's next release applying only its new revision.
fn combined_crates(kind: Kind) {
    let Some(db) = TestDb::create(kind) else {
        return;
    };
    let name = kind.name();
    let rt = runtime();
    let url = db.url.as_str();
    let err = rt.block_on(COMBINED.check_at_head(url)).unwrap_err();
    let shale::Error::Pending(pending) = &err else {
        panic!("{name}: {err}")
    };
    assert_eq!(pending.revisions.len(), 5, "{name}");
    let reports = rt.block_on(async {
        let tasks: Vec<_> = (0..2)
            .map(|_| {
                let url = db.url.clone();
                tokio::spawn(async move { COMBINED.upgrade(&url).await })
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
        let report = report.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            sorted(report.heads),
            ["a00000000003", "b00000000002"],
            "{name}"
        );
        steps += report.steps.len();
    }
    assert_eq!(steps, 5, "{name}: five revisions applied in all");
    // File order, with the application's second revision waiting for the library's first.
    assert_eq!(
        applied_ups(&db),
        [
            "a00000000001",
            "b00000000001",
            "a00000000002",
            "a00000000003",
            "b00000000002"
        ],
        "{name}: every revision exactly once, dependencies first"
    );
    assert_eq!(
        sorted(db.column("SELECT version_num FROM shale_version")),
        ["a00000000003", "b00000000002"],
        "{name}: one row per branch head"
    );
    rt.block_on(COMBINED.check_at_head(url)).unwrap();

    // The library's branch alone goes one step down.
    let project = COMBINED.project().unwrap();
    let connector = shale::db::ToConnector::to_connector(url).unwrap();
    let migrator = shale::Migrator::with_connector(&project, connector);
    let down = rt
        .block_on(migrator.downgrade(&"authlib@-1".parse().unwrap(), &mut |_| {}))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(down.steps.len(), 1, "{name}");
    assert_eq!(down.steps[0].revision, "b00000000002", "{name}");
    assert!(!db.has_table("auth_sessions"), "{name}");
    assert!(db.has_table("post_authors"), "{name}");
    assert_eq!(
        sorted(rt.block_on(COMBINED.current(url)).unwrap()),
        ["a00000000003", "b00000000001"],
        "{name}"
    );
    rt.block_on(COMBINED.upgrade(url)).unwrap();

    // The library's next release: only its new revision runs.
    let pending = rt.block_on(COMBINED_V2.pending(url)).unwrap();
    let ids: Vec<&str> = pending.iter().map(|p| p.revision.as_str()).collect();
    assert_eq!(ids, ["b00000000003"], "{name}");
    let report = rt.block_on(COMBINED_V2.upgrade(url)).unwrap();
    assert_eq!(report.steps.len(), 1, "{name}");
    assert_eq!(report.steps[0].revision, "b00000000003", "{name}");
    assert!(db.has_column("auth_users", "last_login"), "{name}");
    assert_eq!(
        sorted(db.column("SELECT version_num FROM shale_version")),
        ["a00000000003", "b00000000003"],
        "{name}"
    );
    rt.block_on(COMBINED_V2.check_at_head(url)).unwrap();
    // The older binary now meets a revision it does not have.
    assert!(rt.block_on(COMBINED.check_at_head(url)).is_err(), "{name}");
}

#[test]
fn combined_crates_share_one_history() {
    for kind in ALL {
        combined_crates(kind);
    }
}

#[test]
fn combined_folders_are_checked() {
    use shale::embed::EmbeddedScript;
    const UNLABELLED: &[EmbeddedScript] = &[EmbeddedScript {
        name: "0001_a.sql",
        text: "-- shale:revision c00000000001\n-- shale:upgrade\nSELECT 1;\n",
    }];
    static BARE: EmbeddedMigrations = EmbeddedMigrations::new("bare", UNLABELLED);
    static WITH_BARE: EmbeddedMigrations = EmbeddedMigrations::combine(&[&BARE, &APP]);
    let err = WITH_BARE.project().unwrap_err().to_string();
    assert!(err.contains("bare/versions/0001_a.sql"), "{err}");
    assert!(err.contains("carries no branch label"), "{err}");

    static TWICE: EmbeddedMigrations = EmbeddedMigrations::combine(&[&LIBRARY, &LIBRARY_V2, &APP]);
    let err = TWICE.project().unwrap_err().to_string();
    assert!(err.contains("declared twice"), "{err}");
    assert!(
        err.contains("tests/crates/library/migrations/versions/0001_b00000000001")
            && err.contains("tests/crates/library_v2/migrations/versions/0001_b00000000001"),
        "{err}"
    );

    // Without the library, the application's dependency names nothing.
    let err = APP.project().unwrap_err().to_string();
    assert!(err.contains("depends on `b00000000001`"), "{err}");
}
