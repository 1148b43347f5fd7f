//! The schema is brought up to date once, also when several central instances start on a new
//! database at the same moment (a rolling deployment, or two replicas), and a database that a
//! newer version migrated is refused rather than used half-understood.

mod common;

use common::{backends, fresh_database};
use kiosk_central::Db;
use sqlx::{Connection, Row};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_starting_at_once_on_a_new_database_all_start() {
    for backend in backends() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = fresh_database(backend, dir.path()).await;
        let starts: Vec<_> = (0..4)
            .map(|_| {
                let url = url.clone();
                tokio::spawn(async move { Db::connect(&url).await })
            })
            .collect();
        for start in starts {
            let db = start
                .await
                .expect("task")
                .unwrap_or_else(|e| panic!("{backend}: an instance failed to start: {e}"));
            db.close().await;
        }
        let mut conn = sqlx::AnyConnection::connect(&url).await.expect("connect");
        let rows = sqlx::query("SELECT version FROM schema_migrations ORDER BY version")
            .fetch_all(&mut conn)
            .await
            .expect("versions");
        let versions: Vec<i64> = rows.iter().map(|r| r.get("version")).collect();
        assert!(!versions.is_empty(), "{backend}");
        let expected: Vec<i64> = (1..=i64::try_from(versions.len()).expect("len")).collect();
        assert_eq!(versions, expected, "{backend}: each migration once");
    }
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_version_is_refused() {
    for backend in backends() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = fresh_database(backend, dir.path()).await;
        Db::connect(&url).await.expect("new database").close().await;
        let mut conn = sqlx::AnyConnection::connect(&url).await.expect("connect");
        sqlx::query("INSERT INTO schema_migrations (version) VALUES (999)")
            .execute(&mut conn)
            .await
            .expect("a future migration");
        conn.close().await.expect("close");
        let error = Db::connect(&url).await.expect_err("refused").to_string();
        assert!(
            error.contains("schema version 999") && error.contains("newer"),
            "{backend}: {error}"
        );
    }
}
