//! Account classifications and account types: the same shape, each at the
//! paths its *Method:* lines give ([`CategoryKind`], in the model, knows
//! them; it is re-exported here for the console).

pub use account_model::CategoryKind;
use account_model::{
    Category, CategoryInput, CategoryPatch, Created,
    session::Permission::{ReadCategories, WriteCategories},
};
use gloo_net::http::Method;

use crate::api::{ApiClient, ApiError, Call, Kind};

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
