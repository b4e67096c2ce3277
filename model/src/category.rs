//! Account classifications and account types: the same shape, `{id, name, level}`.

use serde::{Deserialize, Serialize};

use crate::lenient;

// Objects only: see `object.rs`.
crate::object::object_only!(Category, CategoryInput, CategoryPatch);

/// A classification or an account type. Lists come ordered by `level`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Category {
    #[serde(deserialize_with = "lenient::required_int")]
    pub id: i64,
    #[serde(default)]
    pub name: String,
    /// The position in displays. Read Type documents it as `Level`.
    #[serde(default, alias = "Level", skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub level: Option<i64>,
}

/// An account classification (Platinum, Gold, ...).
pub type Classification = Category;
/// An account type (Hospital, Bank, ...).
pub type AccountType = Category;

/// The body of Create Classification and Create Type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct CategoryInput {
    #[serde(default, deserialize_with = "lenient::required_string")]
    pub name: String,
}

/// The body of Update Classification and Update Type: absent keys stay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct CategoryPatch {
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(default, alias = "Level", skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub level: Option<i64>,
}
