//! The error body every failing call answers with.

use serde::{Deserialize, Serialize};

use crate::lenient;

// Objects only: see `object.rs`.
crate::object::object_only!(ErrorBody);

/// `{"code": <int>, "message": "<text>"}`. The code is usually the HTTP status,
/// but a 404 carries code 203 ("No Record Found").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ErrorBody {
    #[serde(default, deserialize_with = "lenient::required_int")]
    pub code: i64,
    #[serde(default)]
    pub message: String,
}

/// The body code of a 404 answer.
pub const NO_RECORD_FOUND_CODE: i64 = 203;
pub const NO_RECORD_FOUND: &str = "No Record Found";
pub const DUPLICATE_ACCOUNT_NUMBER: &str = "Cannot create account. Unique account number already exists in system.";
pub const ASSOCIATION_EXISTS: &str = "Association already exists.";
/// The cause bulk link gives for a contact that is linked already.
pub const ALREADY_ASSOCIATED: &str = "This contact has been associated with the account.";
