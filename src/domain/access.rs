//! What the signed-in user may do, learnt once per user (it lives in the
//! user's scope, `app/mod.rs`) and kept in one place that every page reads, so
//! that controls the role cannot use are disabled with the reason, not
//! offered and then refused.
//!
//! A session does not say its role. Two things tell it without side effects:
//! - the roles table lets only Sysadmin and Superuser read a single account
//!   type, so right after sign-in the console reads one: a 403 means
//!   Manager; an answer means Sysadmin or Superuser (alike for the Account
//!   API); anything else (no type to read, an outage) leaves it unknown, and
//!   unknown is treated as allowed;
//! - the first 403 of any call says the role lacks that call's permission.

use account_model::{Role, session::Permission};
use leptos::{prelude::*, task::spawn_local};

use crate::api::{ApiClient, ApiError, categories::CategoryKind};

/// What is known of the role: `None` until learnt.
#[derive(Clone, Copy, Debug)]
pub struct Access {
    role: RwSignal<Option<Role>>,
}

impl Default for Access {
    fn default() -> Self {
        Access { role: RwSignal::new(None) }
    }
}

/// Whether a control may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowed {
    Yes,
    /// The role lacks the permission; the text names the roles that have it.
    No {
        needs: Permission,
    },
}

impl Allowed {
    pub fn is_yes(self) -> bool {
        self == Allowed::Yes
    }

    /// "Needs the Sysadmin or Superuser role." (empty when allowed).
    pub fn reason(self) -> String {
        match self {
            Allowed::Yes => String::new(),
            Allowed::No { needs } => format!("Needs the {} role.", needs.roles_text()),
        }
    }
}

/// What the role known so far allows (pure).
pub fn allowed(role: Option<Role>, permission: Permission) -> Allowed {
    match role {
        Some(role) if !permission.allows(role) => Allowed::No { needs: permission },
        _ => Allowed::Yes,
    }
}

/// The role a 403 on a call needing `permission` reveals, given what was known.
pub fn learn_from_refusal(known: Option<Role>, permission: Permission) -> Option<Role> {
    if permission.allows(Role::Manager) {
        // Even a manager may do this: the session can do nothing.
        Some(Role::Agent)
    } else {
        match known {
            Some(Role::Agent) => Some(Role::Agent),
            _ => Some(Role::Manager),
        }
    }
}

/// The role the probe's answer reveals.
pub fn learn_from_probe(answer: &Result<(), ApiError>) -> Option<Role> {
    match answer {
        // Reading a type needs Sysadmin or Superuser, who may do the same here.
        Ok(()) => Some(Role::Superuser),
        Err(ApiError::Forbidden(_)) => Some(Role::Manager),
        Err(_) => None,
    }
}

impl Access {
    /// Whether the user may do what `permission` covers (reactive).
    pub fn allows(self, permission: Permission) -> Allowed {
        allowed(self.role.get(), permission)
    }

    /// A call needing `permission` met a 403.
    pub fn refused(self, permission: Permission) {
        // The console may be gone by the time a late answer comes.
        if let Some(known) = self.role.try_get_untracked() {
            let _ = self.role.try_set(learn_from_refusal(known, permission));
        }
    }

    /// Learns the role without side effects: reads account type `type_id`
    /// (one of the shared list, so the probe lists nothing of its own).
    pub fn probe(self, api: ApiClient, type_id: i64) {
        spawn_local(async move {
            let answer = api.read_category(CategoryKind::Type, type_id).await.map(drop);
            if let Some(role) = learn_from_probe(&answer) {
                let _ = self.role.try_set(Some(role));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_role_is_allowed_everything_and_a_manager_only_what_the_table_gives() {
        assert_eq!(allowed(None, Permission::WriteAccounts), Allowed::Yes);
        assert_eq!(
            allowed(Some(Role::Manager), Permission::WriteAccounts),
            Allowed::No { needs: Permission::WriteAccounts }
        );
        assert_eq!(allowed(Some(Role::Manager), Permission::LinkContacts), Allowed::Yes);
        assert_eq!(allowed(Some(Role::Superuser), Permission::WriteCategories), Allowed::Yes);
        assert_eq!(Allowed::No { needs: Permission::WriteAccounts }.reason(), "Needs the Sysadmin or Superuser role.");
    }

    #[test]
    fn the_probe_tells_a_manager_from_a_writer_and_says_nothing_on_other_answers() {
        assert_eq!(learn_from_probe(&Err(ApiError::Forbidden("no".into()))), Some(Role::Manager));
        assert_eq!(learn_from_probe(&Ok(())), Some(Role::Superuser));
        assert_eq!(learn_from_probe(&Err(ApiError::Timeout)), None);
        assert_eq!(learn_from_probe(&Err(ApiError::NotFound("gone".into()))), None);
    }

    #[test]
    fn a_refusal_teaches_the_role() {
        assert_eq!(learn_from_refusal(None, Permission::WriteAccounts), Some(Role::Manager));
        assert_eq!(learn_from_refusal(None, Permission::LinkContacts), Some(Role::Agent));
        assert_eq!(learn_from_refusal(Some(Role::Agent), Permission::WriteCategories), Some(Role::Agent));
    }
}
