//! What people read about account fields: labels and the groups pages show
//! them in, on top of the model's one table of wire facts
//! ([`account_model::fields`]). The detail page, the advanced search and the
//! account form all group fields this way.

use account_model::{
    ListKind,
    fields::{Field, Kind},
};

/// The label of a field, as every page shows it.
pub fn label(field: Field) -> &'static str {
    match field {
        Field::Id => "Account ID",
        Field::Name => "Name",
        Field::AccountNumber => "Account number",
        Field::OriginalAccountNumber => "Original account number",
        Field::Description => "Description",
        Field::OwnershipType => "Ownership type",
        Field::PhoneOffice => "Office phone",
        Field::PhoneAlternate => "Alternate phone",
        Field::PhoneFax => "Fax",
        Field::Website => "Website",
        Field::Industry => "Industry",
        Field::AnnualRevenue => "Annual revenue",
        Field::NumOfEmployees => "Employees",
        Field::TickerSymbol => "Ticker symbol",
        Field::SicCode => "SIC code",
        Field::SicDesc => "SIC description",
        Field::AccountSource => "Account source",
        Field::Rating => "Rating",
        Field::AgentId => "Agent ID",
        Field::AgentName => "Agent",
        Field::AgentTeamId => "Agent team ID",
        Field::AgentTeamName => "Agent team",
        Field::CampaignId => "Campaign ID",
        Field::ClassificationId | Field::ClassificationName => "Classification",
        Field::TypeId | Field::TypeName => "Type",
        Field::BillingStreet => "Billing street",
        Field::BillingCity => "Billing city",
        Field::BillingState => "Billing state",
        Field::BillingPostalCode => "Billing postal code",
        Field::BillingCountry => "Billing country",
        Field::ShippingStreet => "Shipping street",
        Field::ShippingCity => "Shipping city",
        Field::ShippingState => "Shipping state",
        Field::ShippingPostalCode => "Shipping postal code",
        Field::ShippingCountry => "Shipping country",
        Field::CustomFields => "Custom fields",
        Field::SecureFields => "Secure fields",
        Field::CreatedDate => "Created",
        Field::CreatedBy => "Created by",
        Field::ModifiedDate => "Last modified",
        Field::ModifiedBy => "Modified by",
    }
}

/// The label inside an address group, where "Billing" goes without saying.
pub fn short_label(field: Field) -> &'static str {
    match field.kind() {
        Kind::AddressPart(_, part) => match part {
            account_model::fields::AddressPartName::Street => "Street",
            account_model::fields::AddressPartName::City => "City",
            account_model::fields::AddressPartName::State => "State",
            account_model::fields::AddressPartName::PostalCode => "Postal code",
            account_model::fields::AddressPartName::Country => "Country",
        },
        _ => label(field),
    }
}

/// "custom", "secure": what messages call a field of the list.
pub fn list_noun(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Custom => "custom",
        ListKind::Secure => "secure",
    }
}

/// A group of fields, in the order pages show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    pub title: &'static str,
    pub fields: &'static [Field],
}

/// The scalar fields a person reads and edits, grouped: identity, contact,
/// business, assignment, the two addresses. Record metadata is apart, as
/// are custom and secure fields, which are lists.
pub const GROUPS: [Group; 6] = [
    Group {
        title: "Identity",
        fields: &[
            Field::Name,
            Field::AccountNumber,
            Field::OriginalAccountNumber,
            Field::Description,
            Field::OwnershipType,
        ],
    },
    Group { title: "Contact", fields: &[Field::PhoneOffice, Field::PhoneAlternate, Field::PhoneFax, Field::Website] },
    Group {
        title: "Business",
        fields: &[
            Field::Industry,
            Field::AnnualRevenue,
            Field::NumOfEmployees,
            Field::TickerSymbol,
            Field::SicCode,
            Field::SicDesc,
            Field::AccountSource,
            Field::Rating,
        ],
    },
    Group {
        title: "Assignment",
        fields: &[Field::AgentId, Field::AgentTeamId, Field::CampaignId, Field::ClassificationId, Field::TypeId],
    },
    Group {
        title: "Billing address",
        fields: &[
            Field::BillingStreet,
            Field::BillingCity,
            Field::BillingState,
            Field::BillingPostalCode,
            Field::BillingCountry,
        ],
    },
    Group {
        title: "Shipping address",
        fields: &[
            Field::ShippingStreet,
            Field::ShippingCity,
            Field::ShippingState,
            Field::ShippingPostalCode,
            Field::ShippingCountry,
        ],
    },
];

/// Values worth suggesting for free-text fields that hold a few known values:
/// the reference's examples. Pages add the values they have seen.
pub fn known_values(field: Field) -> &'static [&'static str] {
    match field {
        Field::Rating => &["Hot", "Warm", "Cold"],
        Field::OwnershipType => &["Private", "Public", "Subsidiary"],
        Field::AccountSource => &["Advertisement", "Data.com", "Trade Show"],
        Field::Industry => &["Banking", "Healthcare", "Retail", "Software", "Telecom"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use account_model::fields::FIELDS;

    use super::*;

    #[test]
    fn every_writable_scalar_field_is_in_exactly_one_group() {
        for spec in FIELDS.iter().filter(|s| s.writable && !matches!(s.kind, Kind::Custom | Kind::Secure)) {
            let groups = GROUPS.iter().filter(|g| g.fields.contains(&spec.field)).count();
            assert_eq!(groups, 1, "{} is in {groups} groups", spec.name);
        }
    }

    #[test]
    fn labels_are_unique_where_they_name_different_things() {
        let mut seen = std::collections::HashMap::new();
        for spec in FIELDS {
            if let Some(other) = seen.insert(label(spec.field), spec.field) {
                // An id and the name the API gives it share a label on purpose.
                let pair = [other, spec.field];
                assert!(
                    matches!(
                        pair,
                        [Field::ClassificationId, Field::ClassificationName] | [Field::TypeId, Field::TypeName]
                    ),
                    "{pair:?} share a label"
                );
            }
        }
    }
}
