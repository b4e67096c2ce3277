//! Bulk operations: Create Multiple Accounts and Link Account to Multiple Contacts.

use serde::{Deserialize, Serialize};

use crate::lenient;

// Objects only: see `object.rs`.
crate::object::object_only!(
    BulkCreateResult,
    BulkCreateFailure,
    EchoedRow,
    ContactRef,
    BulkLinkResult,
    BulkLinkFailure
);

/// The answer to Create Multiple Accounts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct BulkCreateResult {
    #[serde(default, deserialize_with = "lenient::required_int")]
    pub success_count: i64,
    /// Rows whose `accountNumber` already existed and so updated that account.
    #[serde(default, deserialize_with = "lenient::required_int")]
    pub update_count: i64,
    #[serde(default, deserialize_with = "lenient::required_int")]
    pub fail_count: i64,
    #[serde(default)]
    pub failed_data: Vec<BulkCreateFailure>,
}

/// One row that failed, echoed, with its 1-based position and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct BulkCreateFailure {
    pub data: EchoedRow,
    #[serde(deserialize_with = "lenient::required_int")]
    pub ordinal: i64,
    #[serde(default)]
    pub status: String,
}

/// A failed row as the reference's example echoes it: who sent it, for which
/// client, and the fields that name the row, as sent (text that could not be
/// read, or was not sent, is absent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct EchoedRow {
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub created_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub client_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub account_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub original_account_number: Option<String>,
}

/// One element of the Link Account to Multiple Contacts body, and the body of
/// Link Account to Contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ContactRef {
    #[serde(default, deserialize_with = "lenient::required_string")]
    pub contact_id: String,
}

/// The answer to Link Account to Multiple Contacts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct BulkLinkResult {
    #[serde(default, deserialize_with = "lenient::required_int")]
    pub success_count: i64,
    #[serde(default, deserialize_with = "lenient::required_int")]
    pub fail_count: i64,
    #[serde(default)]
    pub failed_data: Vec<BulkLinkFailure>,
}

/// A contact that could not be linked, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct BulkLinkFailure {
    #[serde(deserialize_with = "lenient::required_string")]
    pub item_name: String,
    #[serde(default)]
    pub cause: String,
}
