//! The list page's logic without a browser: bulk runs, the selection, and
//! the count on demand.

pub mod bulk;
pub mod count;
pub mod selection;
