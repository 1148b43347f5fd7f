//! The OpenAPI document of protocol v1, generated from the handlers and wire types.

use utoipa::OpenApi;

use crate::server;

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Kiosk central system",
        version = "1",
        description = "The protocol between branch kiosks and the insurer's central system. \
            Every path but /v1/enroll, /v1/health and /phone/v1 requires mutual TLS with an enrolled kiosk's client certificate. \
            The phone API (/phone/v1) takes no client certificate: every call is signed with the device key (docs/smartident.md)."
    ),
    paths(
        server::handlers::health,
        server::handlers::enroll,
        server::handlers::renew,
        server::handlers::push,
        server::handlers::pull,
        server::documents::verify_document,
        server::documents::document,
        server::documents::document_key,
        server::letter_requests::request_letter,
        server::staff::member_lookup,
        server::smartident::create_registration,
        server::smartident::registration_status,
        server::smartident::confirm_registration,
        server::smartident::devices,
        server::smartident::remove_device,
        server::smartident::remove_all_devices,
        server::approvals::create_approval,
        server::approvals::approval_status,
        server::phone::bind,
        server::phone::remove_own_device,
        server::phone::pending_approvals,
        server::phone::answer_approval,
        server::phone::not_me
    )
)]
pub struct ApiDoc;

/// The document as committed in `crates/kiosk-central/openapi.json`.
pub fn document() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default() + "\n"
}
