//! The import's logic without a browser: reading the file (encoding, CSV or
//! JSON), mapping its columns, planning each row's call, looking up the
//! accounts it names, and the report of a run (kept when the page is left).

pub mod aliases;
pub mod encoding;
pub mod existing;
pub mod json;
pub mod left;
pub mod mapping;
pub mod names;
pub mod outcome;
pub mod parse;
pub mod plan;
