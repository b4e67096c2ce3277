//! Serde types of the vendor's Account API, as `shared/spec/account-api.txt` and
//! `NOTES.md` describe them, shared by the console and the sandbox.
//!
//! The crate does no I/O and builds for `wasm32-unknown-unknown` and native.
//! Decoding is lenient like the real service: integers are accepted as strings,
//! unknown fields are ignored, and the three names the reference uses for the
//! account array of a page all decode. It is exact all the same: numbers keep
//! every digit or are refused (`lenient`), every Integer field stays within 32 bits,
//! and a struct decodes from a JSON object only, never from an array.
//! Encoding is strict: numbers go out as numbers and absent fields are left out.

pub mod account;
pub mod bulk;
pub mod category;
pub mod error;
pub mod fields;
pub mod lenient;
pub mod list_field;
mod object;
pub mod patch;
pub mod paths;
pub mod search;
pub mod session;

pub use account::{
    Account, AccountInput, AccountPage, AccountPatch, Address, AddressPatch, ContactLink, Created, FieldValue,
    HistoryEntry, Note, NoteInput, PageQuery, PrimaryContact,
};
pub use bulk::{BulkCreateFailure, BulkCreateResult, BulkLinkFailure, BulkLinkResult, ContactRef, EchoedRow};
pub use category::{AccountType, Category, CategoryInput, CategoryKind, CategoryPatch, Classification};
pub use error::ErrorBody;
pub use fields::Field;
pub use list_field::{ListField, ListKind};
pub use patch::Patch;
pub use search::{SearchCriteria, SearchRequest, Sort, SortDirection};
pub use session::{LoginRequest, LoginResponse, Role};

/// Header that carries the API access token on `POST /session/login`.
pub const ACCESS_TOKEN_HEADER: &str = "LV-Access";
/// Header that carries the session id on every call but login.
pub const SESSION_HEADER: &str = "LV-Session";
/// The largest `count` a list or search accepts.
pub const MAX_PAGE_SIZE: u32 = 1000;
