//! The API over HTTP, on SQLite and PostgreSQL: each test starts the service on a fresh
//! database (migrations applied at start-up) and talks to it as a client.

mod support;

use serde_json::{json, Value};
use support::http::Client;
use support::{on_each_database, pool, start};

/// Creates a user and returns its id.
async fn create_user(client: &Client, email: &str) -> i64 {
    let reply = client
        .post(
            "/users",
            json!({ "email": email, "full_name": "Ada Lovelace" }),
        )
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    reply.body["id"].as_i64().unwrap()
}

#[test]
fn create_and_read_a_user() {
    on_each_database(|url| async move {
        let client = start(&url).await;
        let created = client
            .post(
                "/users",
                json!({ "email": "ada@example.com", "full_name": "Ada Lovelace" }),
            )
            .await;
        assert_eq!(created.status, 201);
        let id = created.body["id"].as_i64().unwrap();
        let expected = json!({
            "id": id,
            "email": "ada@example.com",
            "full_name": "Ada Lovelace",
            "display_name": null,
            "timezone": "UTC",
        });
        assert_eq!(created.body, expected);
        let read = client.get(&format!("/users/{id}")).await;
        assert_eq!((read.status, read.body), (200, expected));
    });
}

/// A field absent from the body is left as it is, `null` clears it, a value sets it.
#[test]
fn patch_leaves_absent_fields_clears_null_sets_values() {
    on_each_database(|url| async move {
        let client = start(&url).await;
        let id = create_user(&client, "ada@example.com").await;
        let path = format!("/users/{id}");

        let set = client.patch(&path, json!({ "display_name": "ada" })).await;
        assert_eq!(set.status, 200);
        assert_eq!(set.body["display_name"], "ada");

        let other = client
            .patch(&path, json!({ "timezone": "Europe/London" }))
            .await;
        assert_eq!(other.status, 200);
        assert_eq!(other.body["display_name"], "ada", "absent: unchanged");
        assert_eq!(other.body["timezone"], "Europe/London");
        assert_eq!(other.body["full_name"], "Ada Lovelace");

        let cleared = client.patch(&path, json!({ "display_name": null })).await;
        assert_eq!(cleared.status, 200);
        assert_eq!(cleared.body["display_name"], Value::Null, "null: cleared");
        assert_eq!(cleared.body["timezone"], "Europe/London");

        let empty = client.patch(&path, json!({})).await;
        assert_eq!((empty.status, &empty.body), (200, &cleared.body));
        assert_eq!(client.get(&path).await.body, cleared.body, "stored");
    });
}

#[test]
fn too_long_or_null_where_required_is_422() {
    on_each_database(|url| async move {
        let client = start(&url).await;
        let id = create_user(&client, "ada@example.com").await;
        let path = format!("/users/{id}");

        let long = client
            .patch(&path, json!({ "display_name": "x".repeat(81) }))
            .await;
        assert_eq!(long.status, 422);
        assert_eq!(
            long.error(),
            "display_name must be at most 80 characters (got 81)"
        );
        // Characters, not bytes: 80 two-byte characters fit VARCHAR(80).
        let accents = client
            .patch(&path, json!({ "display_name": "é".repeat(80) }))
            .await;
        assert_eq!(accents.status, 200, "{:?}", accents.body);

        let create =
            json!({ "email": "b@example.com", "full_name": "B", "display_name": "y".repeat(81) });
        assert_eq!(client.post("/users", create).await.status, 422);

        let null_email = client.patch(&path, json!({ "email": null })).await;
        assert_eq!(null_email.status, 422);
        assert_eq!(null_email.error(), "email cannot be null");

        let typo = client.patch(&path, json!({ "displayname": "ada" })).await;
        assert_eq!(
            typo.status, 422,
            "unknown fields are refused: {:?}",
            typo.body
        );
        let wrong_type = client.patch(&path, json!({ "display_name": 7 })).await;
        assert_eq!(wrong_type.status, 422);
        assert_eq!(client.get(&path).await.body["display_name"], "é".repeat(80));
    });
}

#[test]
fn unknown_user_is_404() {
    on_each_database(|url| async move {
        let client = start(&url).await;
        let missing = [
            client.get("/users/999").await,
            client
                .patch("/users/999", json!({ "display_name": "x" }))
                .await,
            client.delete("/users/999").await,
            client.get("/users/999/items").await,
            client
                .post("/users/999/items", json!({ "title": "pen" }))
                .await,
        ];
        for reply in missing {
            assert_eq!(reply.status, 404, "{:?}", reply.body);
            assert_eq!(reply.error(), "user 999 not found");
        }
    });
}

#[test]
fn malformed_json_or_path_is_400() {
    on_each_database(|url| async move {
        let client = start(&url).await;
        let id = create_user(&client, "ada@example.com").await;
        let bodies = ["{\"email\": ", "not json", "{\"display_name\": \"a\",}"];
        for body in bodies {
            let created = client.send("POST", "/users", Some(body)).await;
            assert_eq!(created.status, 400, "{body}: {:?}", created.body);
            let path = format!("/users/{id}");
            let patched = client.send("PATCH", &path, Some(body)).await;
            assert_eq!(patched.status, 400, "{body}: {:?}", patched.body);
        }
        assert_eq!(client.get("/users/abc").await.status, 400);
    });
}

#[test]
fn duplicate_email_is_409() {
    on_each_database(|url| async move {
        let client = start(&url).await;
        create_user(&client, "ada@example.com").await;
        let other = create_user(&client, "grace@example.com").await;

        let again = json!({ "email": "ada@example.com", "full_name": "Someone Else" });
        let reply = client.post("/users", again).await;
        assert_eq!(reply.status, 409);
        assert_eq!(reply.error(), "a user with this email already exists");

        let path = format!("/users/{other}");
        let reply = client
            .patch(&path, json!({ "email": "ada@example.com" }))
            .await;
        assert_eq!(reply.status, 409);
        assert_eq!(client.get(&path).await.body["email"], "grace@example.com");
    });
}

#[test]
fn deleting_a_user_deletes_its_items() {
    on_each_database(|url| async move {
        let client = start(&url).await;
        let ada = create_user(&client, "ada@example.com").await;
        let grace = create_user(&client, "grace@example.com").await;
        for (user, title) in [(ada, "pen"), (ada, "notebook"), (grace, "compiler")] {
            let reply = client
                .post(&format!("/users/{user}/items"), json!({ "title": title }))
                .await;
            assert_eq!(reply.status, 201);
            assert_eq!(reply.body["user_id"], user);
        }
        let items = client.get(&format!("/users/{ada}/items")).await;
        let titles: Vec<&str> = items
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["pen", "notebook"]);

        assert_eq!(client.delete(&format!("/users/{ada}")).await.status, 204);
        assert_eq!(client.get(&format!("/users/{ada}")).await.status, 404);

        let db = pool(&url).await;
        let left: Vec<(i64, String)> =
            sqlx::query_as("SELECT user_id, title FROM items ORDER BY id")
                .fetch_all(&db)
                .await
                .unwrap();
        assert_eq!(left, [(grace, "compiler".to_string())], "ON DELETE CASCADE");
    });
}
