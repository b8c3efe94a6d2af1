//! The seed's zero-downtime rule for `users.display_name`: during a rolling deploy the
//! previous release keeps running against the migrated schema, so its queries must still
//! work after the migration; and the new code must work on the data the old one wrote as
//! soon as the upgrade is done.

mod support;

use serde_json::json;
use shale::graph::Target;
use support::previous_release as old;
use support::{on_each_database, pool, start};
use users_api::migrations::{self, ADD_DISPLAY_NAME};

/// The revision before `display_name`: the schema the previous release shipped with.
const INITIAL: &str = "1a0e5c1d2b01";

#[test]
fn previous_release_works_after_the_display_name_migration() {
    on_each_database(|url| async move {
        let embedded = migrations::for_url(&url).unwrap();
        let up_to = |rev: &str| Target::Rev(rev.to_string());

        embedded.upgrade_to(&url, &up_to(INITIAL)).await.unwrap();
        let db = pool(&url).await;
        let ada = old::create_user(&db, "ada@example.com", "Ada Lovelace").await;
        old::add_item(&db, ada, "pen").await;

        let report = embedded
            .upgrade_to(&url, &up_to(ADD_DISPLAY_NAME))
            .await
            .unwrap();
        assert_eq!(report.heads, [ADD_DISPLAY_NAME]);

        // Every query of the previous release, against the new schema.
        let grace = old::create_user(&db, "grace@example.com", "Grace Hopper").await;
        old::rename_user(&db, grace, "Grace B. Hopper").await;
        let read = old::get_user(&db, grace).await.unwrap();
        assert_eq!(read.fullname, "Grace B. Hopper");
        assert_eq!(read.email, "grace@example.com");
        old::add_item(&db, ada, "notebook").await;
        assert_eq!(old::item_titles(&db, ada).await, ["pen", "notebook"]);
        // A row the new release gave a display name reads the same for the old one.
        sqlx::query("UPDATE users SET display_name = 'ada' WHERE id = $1")
            .bind(ada)
            .execute(&db)
            .await
            .unwrap();
        assert_eq!(
            old::get_user(&db, ada).await.unwrap().fullname,
            "Ada Lovelace"
        );
        old::delete_user(&db, grace).await;
        assert_eq!(old::get_user(&db, grace).await, None);
        db.close().await;

        // The new code: its start-up upgrades the rest of the way, and it serves what the
        // previous release wrote.
        let client = start(&url).await;
        assert_eq!(
            embedded.current(&url).await.unwrap(),
            embedded.project().unwrap().graph.heads()
        );
        let user = client.get(&format!("/users/{ada}")).await;
        assert_eq!(user.status, 200);
        assert_eq!(
            user.body,
            json!({
                "id": ada,
                "email": "ada@example.com",
                "full_name": "Ada Lovelace",
                "display_name": "ada",
                "timezone": "UTC",
            })
        );
        let path = format!("/users/{ada}");
        let patched = client.patch(&path, json!({ "display_name": null })).await;
        assert_eq!(patched.body["display_name"], serde_json::Value::Null);
        let items = client.get(&format!("/users/{ada}/items")).await;
        assert_eq!(items.body.as_array().map(Vec::len), Some(2));
    });
}

/// A database left behind head is refused by a service that only checks (the deploy
/// migrates as a separate step), with the pending revisions named.
#[test]
fn check_at_head_names_the_pending_revisions() {
    on_each_database(|url| async move {
        let embedded = migrations::for_url(&url).unwrap();
        let target = Target::Rev(ADD_DISPLAY_NAME.to_string());
        embedded.upgrade_to(&url, &target).await.unwrap();
        let err = embedded.check_at_head(&url).await.unwrap_err();
        let message = err.to_string();
        eprintln!("{message}");
        assert!(
            message.contains("3c2a7e3f4d03 unique index on users.email"),
            "{message}"
        );
        assert!(
            message.contains("5e4c9a5b6f05 rename users.fullname to full_name"),
            "{message}"
        );
        embedded.upgrade(&url).await.unwrap();
        embedded.check_at_head(&url).await.unwrap();
    });
}
