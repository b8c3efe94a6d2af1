//! The compiled models and the migrated database agree: what `shale check` verifies from
//! the source files, checked here from the `#[derive(shale::Model)]` types themselves.

mod support;

use shale::db::inspect::inspect;
use shale::db::Db;
use shale::diff::{diff, DiffOptions};
use shale::models::{to_schema, Model};
use shale::url::DbUrl;
use support::on_each_database;
use users_api::migrations;
use users_api::models::{Item, User};

#[test]
fn the_migrations_reach_exactly_the_models() {
    on_each_database(|url| async move {
        let embedded = migrations::for_url(&url).unwrap();
        embedded.upgrade(&url).await.unwrap();

        let url = DbUrl::parse(&url).unwrap();
        let declared = to_schema(&[User::model_def(), Item::model_def()], url.dialect()).unwrap();
        // As the database would store the models: types and defaults in its own spelling.
        let desired = shale::models::sql::normalise_schema(&declared, &url, None, &[])
            .await
            .unwrap();
        let mut db = Db::connect(&url).await.unwrap();
        let version = embedded.version_table();
        let history = format!("{version}_history");
        let current = inspect(&mut db, &[version, &history]).await.unwrap();
        db.close().await;

        let changes = diff(&current, &desired, &DiffOptions::default()).changes;
        assert!(
            changes.is_empty(),
            "{}: the migrations and the models differ: {changes:#?}",
            url.dialect()
        );
    });
}
