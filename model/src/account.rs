//! Accounts: the record, its create input, its partial update and a page of them.

use serde::{Deserialize, Serialize};

use crate::{ListField, ListKind, Patch, lenient};

// Objects only: see `object.rs`.
crate::object::object_only!(
    Address,
    AddressPatch,
    FieldValue,
    Note,
    NoteInput,
    ContactLink,
    HistoryEntry,
    AccountInput,
    Account,
    AccountPatch,
    AccountPage,
    PageQuery,
    Created
);

/// A postal address (`billingAddress`, `shippingAddress`). Every part is
/// optional and the whole may be `{}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub country: Option<String>,
}

impl Address {
    /// The parts in display order with their JSON names.
    pub fn parts(&self) -> [(&'static str, Option<&str>); 5] {
        [
            ("street", self.street.as_deref()),
            ("city", self.city.as_deref()),
            ("state", self.state.as_deref()),
            ("postalCode", self.postal_code.as_deref()),
            ("country", self.country.as_deref()),
        ]
    }

    pub fn is_empty(&self) -> bool {
        self.parts().iter().all(|(_, v)| v.is_none_or(|v| v.trim().is_empty()))
    }
}

/// A partial update of an address: absent parts stay, `null` clears one part.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct AddressPatch {
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub street: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub city: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub state: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub postal_code: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub country: Patch<String>,
}

impl AddressPatch {
    /// The address after this patch is applied to `old`.
    pub fn apply(&self, old: &Address) -> Address {
        let pick = |patch: &Patch<String>, old: &Option<String>| match patch {
            Patch::Absent => old.clone(),
            Patch::Null => None,
            Patch::Value(v) => Some(v.clone()),
        };
        Address {
            street: pick(&self.street, &old.street),
            city: pick(&self.city, &old.city),
            state: pick(&self.state, &old.state),
            postal_code: pick(&self.postal_code, &old.postal_code),
            country: pick(&self.country, &old.country),
        }
    }
}

impl From<Address> for AddressPatch {
    /// Sets every part the address has; leaves the others out.
    fn from(a: Address) -> Self {
        AddressPatch {
            street: a.street.into(),
            city: a.city.into(),
            state: a.state.into(),
            postal_code: a.postal_code.into(),
            country: a.country.into(),
        }
    }
}

/// One custom or secure field, named by a [`ListField`](crate::ListField).
/// In an update, a `null` value removes the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct FieldValue {
    pub field: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub value: Option<String>,
}

impl FieldValue {
    /// The number in its name when that is a name of `kind`'s list, spelled
    /// exactly, allowed or not (see [`ListKind::number_in`]).
    pub fn number(&self, kind: ListKind) -> Option<u32> {
        kind.number_in(&self.field)
    }

    /// Its name, when that is one the API has.
    pub fn list_field(&self) -> Option<ListField> {
        ListField::parse(&self.field)
    }
}

/// A note on an account. The server adds `id`, `createdDate` and `createdBy`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Note {
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub id: Option<i64>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub created_date: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

/// The body of Add Note: `name` is mandatory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct NoteInput {
    #[serde(default, deserialize_with = "lenient::required_string")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub description: Option<String>,
}

/// A link between the account and a contact of Contact Manager.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct ContactLink {
    #[serde(deserialize_with = "lenient::required_int")]
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub created_date: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub modified_date: Option<i64>,
    /// The contact's id in Contact Manager.
    #[serde(deserialize_with = "lenient::required_string")]
    pub contact: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub account_id: Option<i64>,
}

/// `primaryContact`: documented as an object, sent as the bare id of one of the
/// account's contact links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PrimaryContact {
    Id(i64),
    Link(ContactLink),
    /// An id sent as a string.
    Text(String),
}

impl PrimaryContact {
    /// The id of the contact link this names, when it names one.
    pub fn link_id(&self) -> Option<i64> {
        match self {
            PrimaryContact::Id(id) => Some(*id),
            PrimaryContact::Link(link) => Some(link.id),
            PrimaryContact::Text(text) => text.trim().parse().ok(),
        }
    }
}

/// One entry of an account's history: something that changed, when and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct HistoryEntry {
    #[serde(deserialize_with = "lenient::required_int")]
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub client_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub created_date: Option<i64>,
    /// Who made the change (a sandbox extension; the vendor may leave it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// What happened, e.g. "Account updated".
    #[serde(default)]
    pub name: String,
    /// The details, e.g. "rating: Warm → Hot".
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub descriptions: Option<String>,
    /// `ACCOUNT`, `NOTE`, `CONTACT`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub parent_id: Option<i64>,
}

/// The writable fields of an account: the body of Create Account and one row of
/// Create Multiple Accounts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct AccountInput {
    /// Mandatory where an account is created; names may repeat. An empty
    /// name is left out: a bulk row that updates by account number keeps the
    /// account's name (NOTES.md).
    #[serde(default, skip_serializing_if = "String::is_empty", deserialize_with = "lenient::required_string")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub annual_revenue: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub phone_fax: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub rating: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub phone_office: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub phone_alternate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub ownership_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub num_of_employees: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub ticker_symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub campaign_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub account_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub original_account_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub agent_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub agent_team_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub account_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub sic_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub sic_desc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub classification_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<FieldValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure_fields: Option<Vec<FieldValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub type_id: Option<i64>,
}

/// An account as Read, List and Search answer it. List and search rows carry
/// the flat fields; Read adds notes, contacts, history and the primary contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct Account {
    #[serde(deserialize_with = "lenient::required_int")]
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub created_date: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub modified_date: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub client_id: Option<i64>,
    #[serde(flatten)]
    pub fields: AccountInput,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_team_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<Note>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<ContactLink>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryEntry>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_account_contact: Option<ContactLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_contact: Option<PrimaryContact>,
    /// Set instead of the secure field values when the site cannot decrypt them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_msg: Option<String>,
    /// The id to quote to the vendor about `error_msg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_id: Option<String>,
}

/// The body of Update Account: only the keys present change; `null` clears.
///
/// Custom and secure fields merge by field name: listed fields are set, a
/// listed field whose value is `null` is removed, unlisted ones stay. The
/// addresses merge part by part the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct AccountPatch {
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub description: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub industry: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_int32")]
    pub annual_revenue: Patch<i32>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub phone_fax: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub billing_address: Patch<AddressPatch>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub rating: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub phone_office: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub phone_alternate: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub website: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub ownership_type: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_int32")]
    pub num_of_employees: Patch<i32>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub ticker_symbol: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub shipping_address: Patch<AddressPatch>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub campaign_id: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub account_number: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub original_account_number: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_int32")]
    pub agent_id: Patch<i64>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_int32")]
    pub agent_team_id: Patch<i64>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub account_source: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub sic_code: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_string")]
    pub sic_desc: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_int32")]
    pub classification_id: Patch<i64>,
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub custom_fields: Patch<Vec<FieldValue>>,
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub secure_fields: Patch<Vec<FieldValue>>,
    #[serde(default, skip_serializing_if = "Patch::is_absent", deserialize_with = "lenient::patch_int32")]
    pub type_id: Patch<i64>,
}

impl From<AccountInput> for AccountPatch {
    /// Sets every field the input has and leaves the others out: a create
    /// body as the patch a new account is written from.
    fn from(a: AccountInput) -> Self {
        AccountPatch {
            name: Patch::Value(a.name),
            description: a.description.into(),
            industry: a.industry.into(),
            annual_revenue: a.annual_revenue.into(),
            phone_fax: a.phone_fax.into(),
            billing_address: a.billing_address.map(AddressPatch::from).into(),
            rating: a.rating.into(),
            phone_office: a.phone_office.into(),
            phone_alternate: a.phone_alternate.into(),
            website: a.website.into(),
            ownership_type: a.ownership_type.into(),
            num_of_employees: a.num_of_employees.into(),
            ticker_symbol: a.ticker_symbol.into(),
            shipping_address: a.shipping_address.map(AddressPatch::from).into(),
            campaign_id: a.campaign_id.into(),
            account_number: a.account_number.into(),
            original_account_number: a.original_account_number.into(),
            agent_id: a.agent_id.into(),
            agent_team_id: a.agent_team_id.into(),
            account_source: a.account_source.into(),
            sic_code: a.sic_code.into(),
            sic_desc: a.sic_desc.into(),
            classification_id: a.classification_id.into(),
            custom_fields: a.custom_fields.into(),
            secure_fields: a.secure_fields.into(),
            type_id: a.type_id.into(),
        }
    }
}

/// One page of List Accounts or Find Matching Accounts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct AccountPage {
    /// The next page's URI; absent or blank on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default, rename = "listAccount", alias = "listAccounts", alias = "findMatchingAccounts")]
    pub accounts: Vec<Account>,
}

impl AccountPage {
    pub fn has_next(&self) -> bool {
        self.next.as_deref().is_some_and(|next| !next.trim().is_empty())
    }

    /// The `offset` the `next` URI names, when there is a next page.
    pub fn next_offset(&self) -> Option<u64> {
        let next = self.next.as_deref()?;
        let query = next.split_once('?')?.1;
        query.split('&').find_map(|pair| pair.strip_prefix("offset=")?.parse().ok())
    }
}

/// The mandatory paging parameters of List and Search: `offset` counts rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct PageQuery {
    pub count: u32,
    pub offset: u64,
}

impl PageQuery {
    pub fn query_string(&self) -> String {
        format!("count={}&offset={}", self.count, self.offset)
    }
}

/// The answer to a create: the new record's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Created {
    #[serde(deserialize_with = "lenient::required_int")]
    pub id: i64,
}

#[cfg(test)]
mod tests {
    use super::AccountInput;

    #[test]
    fn an_input_without_a_name_sends_no_name_so_a_bulk_update_row_keeps_the_accounts() {
        let row = AccountInput { account_number: Some("A-1".into()), ..AccountInput::default() };
        assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"accountNumber":"A-1"}"#);
        let named = AccountInput { name: "Acme".into(), ..AccountInput::default() };
        assert_eq!(serde_json::to_string(&named).unwrap(), r#"{"name":"Acme"}"#);
    }
}
