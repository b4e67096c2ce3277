//! Account classifications and account types: the same shape, each at the
//! paths its *Method:* lines give.

use account_model::{
    Category, CategoryInput, CategoryPatch, Created, paths,
    session::Permission::{self, ReadCategories, WriteCategories},
};
use gloo_net::http::Method;

use crate::api::{ApiClient, ApiError, Call, Kind};

/// Which of the two resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CategoryKind {
    Classification,
    Type,
}

impl CategoryKind {
    /// "classification", "account type".
    pub fn noun(self) -> &'static str {
        match self {
            CategoryKind::Classification => "classification",
            CategoryKind::Type => "account type",
        }
    }

    fn collection(self) -> &'static str {
        match self {
            CategoryKind::Classification => paths::CLASSIFICATIONS,
            CategoryKind::Type => paths::TYPES,
        }
    }

    fn read_path(self, id: i64) -> String {
        match self {
            CategoryKind::Classification => paths::classification_read(id),
            CategoryKind::Type => paths::account_type(id),
        }
    }

    /// Reading one type needs more than reading one classification.
    fn read_permission(self) -> Permission {
        match self {
            CategoryKind::Classification => ReadCategories,
            CategoryKind::Type => Permission::ReadType,
        }
    }

    fn item_path(self, id: i64) -> String {
        match self {
            CategoryKind::Classification => paths::classification(id),
            CategoryKind::Type => paths::account_type(id),
        }
    }
}

impl ApiClient {
    /// All of them, ordered by level.
    pub async fn list_categories(&self, kind: CategoryKind) -> Result<Vec<Category>, ApiError> {
        self.request(Call::read(kind.collection()).needs(ReadCategories)).await
    }

    pub async fn read_category(&self, kind: CategoryKind, id: i64) -> Result<Category, ApiError> {
        self.request(Call::read(kind.read_path(id)).needs(kind.read_permission())).await
    }

    pub async fn create_category(&self, kind: CategoryKind, name: &str) -> Result<Created, ApiError> {
        let body = CategoryInput { name: name.to_string() };
        self.request(Call::new(Kind::Write, Method::POST, kind.collection()).needs(WriteCategories).json(&body)?).await
    }

    pub async fn update_category(&self, kind: CategoryKind, id: i64, patch: &CategoryPatch) -> Result<(), ApiError> {
        self.request(Call::new(Kind::Write, Method::PUT, kind.item_path(id)).needs(WriteCategories).json(patch)?).await
    }

    pub async fn delete_category(&self, kind: CategoryKind, id: i64) -> Result<(), ApiError> {
        self.request(Call::new(Kind::Write, Method::DELETE, kind.item_path(id)).needs(WriteCategories)).await
    }
}
