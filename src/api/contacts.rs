//! Contact links: link one, link many, unlink.

use account_model::{BulkLinkResult, ContactRef, paths, session::Permission::LinkContacts};
use gloo_net::http::Method;

use crate::api::{ApiClient, ApiError, Call, Kind};

impl ApiClient {
    pub async fn link_contact(&self, account_id: i64, contact_id: &str) -> Result<(), ApiError> {
        let body = ContactRef { contact_id: contact_id.to_string() };
        self.request(
            Call::new(Kind::Write, Method::POST, paths::account_contacts(account_id))
                .needs(LinkContacts)
                .json(&body)?,
        )
        .await
    }

    pub async fn bulk_link_contacts(
        &self,
        account_id: i64,
        contact_ids: &[String],
    ) -> Result<BulkLinkResult, ApiError> {
        let body: Vec<ContactRef> = contact_ids.iter().map(|id| ContactRef { contact_id: id.clone() }).collect();
        self.request(
            Call::new(Kind::Write, Method::POST, paths::account_contacts_bulk(account_id))
                .needs(LinkContacts)
                .json(&body)?,
        )
        .await
    }

    pub async fn unlink_contact(&self, account_id: i64, contact_id: &str) -> Result<(), ApiError> {
        self.request(
            Call::new(Kind::Write, Method::DELETE, paths::account_contact(account_id, contact_id)).needs(LinkContacts),
        )
        .await
    }
}
