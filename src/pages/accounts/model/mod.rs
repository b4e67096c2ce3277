//! The list page's logic without a browser: bulk runs and the selection.

pub mod bulk;
pub mod selection;
