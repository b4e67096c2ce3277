//! Reusable pieces of the console's UI.

mod confirm;
mod error_panel;
mod handover;
pub mod leave_guard;
mod loading;
mod menu;
pub mod modal;
mod reauth_dialog;
pub mod role;
pub mod sign_in_form;
mod toasts;
pub mod undo;

pub use confirm::{ConfirmDialog, TypeToConfirm};
pub use error_panel::{ErrorPanel, StartupError, first_api_error};
pub use handover::Handover;
pub use leave_guard::{Guards, LeaveGuard, Unfinished};
pub use loading::Loading;
pub use menu::{Menu, close_menu_of};
pub use reauth_dialog::ReauthDialog;
pub use role::RoleNote;
pub use sign_in_form::SignInForm;
pub use toasts::{ToastAction, ToastKind, ToastRegion, Toasts};
pub use undo::{LastUndo, UndoOffers, Undoable};
