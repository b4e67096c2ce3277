//! Sessions: login and the roles that decide what a session may do.

use serde::{Deserialize, Serialize};

use crate::lenient;

// Objects only: see `object.rs`.
crate::object::object_only!(LoginRequest, LoginResponse);

/// The body of `POST /session/login` (sent with the `LV-Access` header).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct LoginRequest {
    #[serde(default)]
    pub client_name: String,
    #[serde(default)]
    pub user_name: String,
    #[serde(default)]
    pub password: String,
    /// True to sign in as an agent rather than a configuration user.
    #[serde(default)]
    pub agent: bool,
}

/// The answer to a login. Only `sessionId` is needed afterwards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct LoginResponse {
    pub session_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub client_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub user_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub days_until_password_expires: Option<i64>,
}

/// The roles of LiveVox Configuration Manager that the Account API knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Sysadmin,
    Superuser,
    Manager,
    /// A session opened with `"agent": true`; the Account API lets it do nothing.
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Sysadmin => "Sysadmin",
            Role::Superuser => "Superuser",
            Role::Manager => "Manager",
            Role::Agent => "Agent",
        }
    }
}

/// What a method needs, per the roles table of NOTES.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Create, bulk create, update and delete accounts; add notes.
    WriteAccounts,
    /// Read, list and search accounts.
    ReadAccounts,
    /// Link, bulk link and unlink contacts.
    LinkContacts,
    /// Create, update and delete classifications and types.
    WriteCategories,
    /// Read classifications; list classifications and types.
    ReadCategories,
    /// Read one type: Sysadmin or Superuser only, as the reference says.
    ReadType,
}

impl Permission {
    /// The roles that hold this permission.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::WriteAccounts | Permission::WriteCategories | Permission::ReadType => &[Sysadmin, Superuser],
            Permission::ReadAccounts | Permission::LinkContacts | Permission::ReadCategories => {
                &[Sysadmin, Superuser, Manager]
            }
        }
    }

    pub fn allows(self, role: Role) -> bool {
        self.roles().contains(&role)
    }

    /// "Sysadmin or Superuser", "Sysadmin, Superuser or Manager".
    pub fn roles_text(self) -> String {
        let names: Vec<_> = self.roles().iter().map(|r| r.as_str()).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => (*last).to_string(),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managers_read_and_link_but_do_not_write() {
        assert!(Permission::ReadAccounts.allows(Role::Manager));
        assert!(Permission::LinkContacts.allows(Role::Manager));
        assert!(!Permission::WriteAccounts.allows(Role::Manager));
        assert!(!Permission::ReadType.allows(Role::Manager));
        assert!(!Permission::ReadAccounts.allows(Role::Agent));
    }

    #[test]
    fn roles_text_reads_as_a_sentence() {
        assert_eq!(Permission::WriteAccounts.roles_text(), "Sysadmin or Superuser");
        assert_eq!(Permission::ReadAccounts.roles_text(), "Sysadmin, Superuser or Manager");
    }
}
