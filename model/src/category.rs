//! Account classifications and account types: the same shape, `{id, name,
//! level}`, at paths of their own ([`CategoryKind`]).

use serde::{Deserialize, Serialize};

use crate::{fields::Field, lenient, paths, session::Permission};

/// Which of the two resources: what console and sandbox both need of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CategoryKind {
    Classification,
    Type,
}

impl CategoryKind {
    pub const ALL: [CategoryKind; 2] = [CategoryKind::Classification, CategoryKind::Type];

    /// "classification", "account type".
    pub const fn noun(self) -> &'static str {
        match self {
            CategoryKind::Classification => "classification",
            CategoryKind::Type => "account type",
        }
    }

    /// The account field that refers to one.
    pub const fn field(self) -> Field {
        match self {
            CategoryKind::Classification => Field::ClassificationId,
            CategoryKind::Type => Field::TypeId,
        }
    }

    /// `POST` create, `GET` list, as the *Method:* lines give them.
    pub const fn collection(self) -> &'static str {
        match self {
            CategoryKind::Classification => paths::CLASSIFICATIONS,
            CategoryKind::Type => paths::TYPES,
        }
    }

    /// `GET` read one, as its *Method:* line gives it.
    pub fn read_path(self, id: i64) -> String {
        match self {
            CategoryKind::Classification => paths::classification_read(id),
            CategoryKind::Type => paths::account_type(id),
        }
    }

    /// `PUT` update, `DELETE` delete one.
    pub fn item_path(self, id: i64) -> String {
        match self {
            CategoryKind::Classification => paths::classification(id),
            CategoryKind::Type => paths::account_type(id),
        }
    }

    /// Reading one type needs more than reading one classification.
    pub const fn read_permission(self) -> Permission {
        match self {
            CategoryKind::Classification => Permission::ReadCategories,
            CategoryKind::Type => Permission::ReadType,
        }
    }

    /// The route patterns of the list, in both spellings: a stand-in for
    /// the API accepts both (NOTES.md).
    pub const fn collection_routes(self) -> [&'static str; 2] {
        match self {
            CategoryKind::Classification => [paths::CLASSIFICATIONS, paths::CLASSIFICATIONS_SINGULAR],
            CategoryKind::Type => [paths::TYPES, paths::TYPES_SINGULAR],
        }
    }

    /// The route patterns of one, in both spellings.
    pub const fn item_routes(self) -> [&'static str; 2] {
        match self {
            CategoryKind::Classification => [paths::CLASSIFICATION_PLURAL, paths::CLASSIFICATION],
            CategoryKind::Type => [paths::TYPE_PLURAL, paths::TYPE],
        }
    }
}

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
