//! The list page's logic without a browser: bulk runs, the selection, and
//! the export of every result as a stream.

pub mod bulk;
pub mod export;
pub mod selection;
