//! The committed OpenAPI document matches the code.

#[test]
fn openapi_document_is_up_to_date() {
    let path = std::path::Path::new(
        std::env::var("CARGO_MANIFEST_DIR")
            .as_deref()
            .unwrap_or(env!("CARGO_MANIFEST_DIR")),
    )
    .join("openapi.json");
    let generated = kiosk_central::openapi::document();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write openapi.json");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "crates/kiosk-central/openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p kiosk-central --test openapi`"
    );
    for path in ["/v1/enroll", "/v1/events", "/v1/changes", "/v1/health"] {
        assert!(generated.contains(path), "{path} documented");
    }
    for schema in [
        "PushRequest",
        "OutboundEvent",
        "EventOutcome",
        "PullResponse",
        "MemberSnapshot",
        "ApiError",
    ] {
        assert!(
            generated.contains(&format!("\"{schema}\"")),
            "{schema} documented"
        );
    }
}
