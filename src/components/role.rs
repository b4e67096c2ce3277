//! Controls that know what the user's role may do: disabled, with the role
//! they need said beside them, never offered and then refused.

use account_model::session::Permission;
use leptos::prelude::*;

use crate::domain::access::Access;

/// Whether the user's role lacks `permission` (reactive).
pub fn denied(permission: Permission) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let access = expect_context::<Access>();
    move || !access.allows(permission).is_yes()
}

/// The reason a control is disabled, for its tooltip (reactive; empty when
/// allowed).
pub fn reason(permission: Permission) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let access = expect_context::<Access>();
    move || access.allows(permission).reason()
}

/// "Needs the Sysadmin or Superuser role.", shown when the role lacks it.
#[component]
pub fn RoleNote(permission: Permission) -> impl IntoView {
    let access = expect_context::<Access>();
    move || {
        let allowed = access.allows(permission);
        (!allowed.is_yes()).then(|| view! { <p class="role-note">{allowed.reason()}</p> })
    }
}
