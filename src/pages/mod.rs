//! One folder (or file) per page: its view and its pure logic.

pub mod account_detail;
pub mod account_form;
pub mod accounts;
pub mod categories;
mod import;
mod not_found;
mod sign_in;

pub use account_detail::AccountDetailPage;
pub use accounts::AccountsPage;
pub use categories::CategoriesPage;
pub use import::ImportPage;
pub use not_found::NotFoundPage;
pub use sign_in::SignInPage;
