//! The list page's logic without a browser: bulk runs, the selection, and
//! collecting every match for "Select all matching".

pub mod bulk;
pub mod matching;
pub mod selection;
