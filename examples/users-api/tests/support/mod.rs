//! Shared by the integration tests: databases to run on, the service on a free port, and
//! a small HTTP client.

#![allow(dead_code)] // each test binary uses its own part

pub mod http;
pub mod previous_release;

use http::Client;
use shale_testkit::{Kind, TestDb};
use std::future::Future;
use users_api::{Service, Settings};

/// The databases users-api runs on.
pub const KINDS: [Kind; 2] = [Kind::Sqlite, Kind::Postgres];

/// Runs `test` with the URL of a fresh database of each kind (a kind whose server is
/// unreachable is skipped outside CI, by the testkit).
pub fn on_each_database<F, Fut>(test: F)
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = ()>,
{
    for kind in KINDS {
        let Some(db) = TestDb::create(kind) else {
            continue;
        };
        eprintln!("-- on {}", kind.name());
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
            .block_on(test(db.url.clone()));
    }
}

/// Starts the service on `url` as `main` does (migrations applied), on 127.0.0.1:0, and
/// returns a client for it. The server stops with the test's runtime.
pub async fn start(url: &str) -> Client {
    let settings = Settings {
        database_url: url.to_string(),
        bind_addr: "127.0.0.1:0".parse().unwrap(),
    };
    let service = Service::start(&settings)
        .await
        .unwrap_or_else(|e| panic!("start-up failed: {e}"));
    let client = Client::new(service.addr());
    tokio::spawn(service.run(std::future::pending()));
    client
}

/// A pool on `url` for checks made behind the API's back.
pub async fn pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.unwrap()
}
