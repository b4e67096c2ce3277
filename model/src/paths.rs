//! The path of every method, relative to the API base, as the reference's
//! *Method:* lines give them, each written once as a route pattern (`{id}`
//! where an id goes). Clients build URLs with the functions here; the sandbox
//! routes the patterns themselves (and the singular/plural spellings the
//! examples use, which NOTES.md asks a stand-in to accept).

/// `POST`: open a session.
pub const LOGIN: &str = "/session/login";
/// `DELETE`: end the session.
pub const LOGOUT: &str = "/session/logout";
/// `POST` create, `GET` list (with `count` and `offset`).
pub const ACCOUNTS: &str = "/account/accounts";
/// `POST` create many.
pub const ACCOUNTS_BULK: &str = "/account/accounts/bulk";
/// `POST` find matching accounts (with `count` and `offset`).
pub const ACCOUNTS_SEARCH: &str = "/account/accounts/search";
/// `GET` read, `PUT` update, `DELETE` delete.
pub const ACCOUNT: &str = "/account/accounts/{id}";
/// `POST` add a note.
pub const ACCOUNT_NOTES: &str = "/account/accounts/{id}/notes";
/// `POST` link one contact.
pub const ACCOUNT_CONTACTS: &str = "/account/accounts/{id}/contacts";
/// `POST` link many contacts.
pub const ACCOUNT_CONTACTS_BULK: &str = "/account/accounts/{id}/contacts/bulk";
/// `DELETE` unlink a contact.
pub const ACCOUNT_CONTACT: &str = "/account/accounts/{id}/contacts/{contactId}";

/// `POST` create, `GET` list classifications.
pub const CLASSIFICATIONS: &str = "/account/classifications";
/// The singular spelling of [`CLASSIFICATIONS`] the examples use.
pub const CLASSIFICATIONS_SINGULAR: &str = "/account/classification";
/// `GET` read a classification (plural, per its *Method:* line).
pub const CLASSIFICATION_PLURAL: &str = "/account/classifications/{id}";
/// `PUT` update, `DELETE` delete a classification (singular, per the reference).
pub const CLASSIFICATION: &str = "/account/classification/{id}";
/// `POST` create, `GET` list account types.
pub const TYPES: &str = "/account/types";
/// The singular spelling of [`TYPES`].
pub const TYPES_SINGULAR: &str = "/account/type";
/// The plural spelling of [`TYPE`].
pub const TYPE_PLURAL: &str = "/account/types/{id}";
/// `GET` read, `PUT` update, `DELETE` delete an account type.
pub const TYPE: &str = "/account/type/{id}";

/// A path with `id` in place of `{id}`.
fn fill(pattern: &str, id: i64) -> String {
    pattern.replacen("{id}", &id.to_string(), 1)
}

/// `GET` read, `PUT` update, `DELETE` delete.
pub fn account(id: i64) -> String {
    fill(ACCOUNT, id)
}

/// `POST` add a note.
pub fn account_notes(id: i64) -> String {
    fill(ACCOUNT_NOTES, id)
}

/// `POST` link one contact.
pub fn account_contacts(id: i64) -> String {
    fill(ACCOUNT_CONTACTS, id)
}

/// `POST` link many contacts.
pub fn account_contacts_bulk(id: i64) -> String {
    fill(ACCOUNT_CONTACTS_BULK, id)
}

/// `DELETE` unlink a contact.
pub fn account_contact(id: i64, contact_id: &str) -> String {
    fill(ACCOUNT_CONTACT, id).replacen("{contactId}", &encode_segment(contact_id), 1)
}

/// `GET` read a classification (plural, per its *Method:* line).
pub fn classification_read(id: i64) -> String {
    fill(CLASSIFICATION_PLURAL, id)
}

/// `PUT` update, `DELETE` delete a classification (singular, per the reference).
pub fn classification(id: i64) -> String {
    fill(CLASSIFICATION, id)
}

/// `GET` read, `PUT` update, `DELETE` delete an account type.
pub fn account_type(id: i64) -> String {
    fill(TYPE, id)
}

/// Puts a version segment after the category, as newer releases want:
/// `/account/accounts` with `v17.0` becomes `/account/v17.0/accounts`.
pub fn with_version(path: &str, version: Option<&str>) -> String {
    let Some(version) = version.map(|v| v.trim_matches('/')).filter(|v| !v.is_empty()) else {
        return path.to_string();
    };
    let rest = path.trim_start_matches('/');
    match rest.split_once('/') {
        Some((category, tail)) => format!("/{category}/{version}/{tail}"),
        None => format!("/{rest}/{version}"),
    }
}

/// Percent-encodes one path segment: everything but RFC 3986's unreserved
/// characters.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_goes_after_the_category() {
        assert_eq!(with_version(ACCOUNTS, Some("v17.0")), "/account/v17.0/accounts");
        assert_eq!(with_version(LOGIN, Some("/v17.0/")), "/session/v17.0/login");
        assert_eq!(with_version(ACCOUNTS, None), ACCOUNTS);
        assert_eq!(with_version(ACCOUNTS, Some("")), ACCOUNTS);
    }

    #[test]
    fn paths_fill_the_patterns() {
        assert_eq!(account(7), "/account/accounts/7");
        assert_eq!(account_notes(7), "/account/accounts/7/notes");
        assert_eq!(account_contacts_bulk(7), "/account/accounts/7/contacts/bulk");
        assert_eq!(classification_read(3), "/account/classifications/3");
        assert_eq!(classification(3), "/account/classification/3");
        assert_eq!(account_type(-4), "/account/type/-4");
    }

    #[test]
    fn contact_ids_are_encoded_as_one_segment() {
        assert_eq!(account_contact(5, "qa 1/2"), "/account/accounts/5/contacts/qa%201%2F2");
        assert_eq!(account_contact(5, "API199"), "/account/accounts/5/contacts/API199");
    }
}
