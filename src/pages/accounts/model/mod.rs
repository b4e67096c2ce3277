//! The list page's logic without a browser: bulk runs, the selection, the
//! count on demand, and the export of every result as a stream.

pub mod bulk;
pub mod count;
pub mod export;
pub mod selection;
