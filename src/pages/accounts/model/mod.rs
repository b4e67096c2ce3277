//! The list page's logic without a browser: bulk runs, the selection, the
//! count on demand, the export of every result as a stream, and collecting
//! every match for "Select all matching".

pub mod bulk;
pub mod count;
pub mod export;
pub mod matching;
pub mod selection;
