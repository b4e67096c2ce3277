//! The column names common CRM exports give account fields ("Account Name",
//! "Billing Zip/Postal Code", "Phone"), in one table beside the field table's
//! own names and labels, so that such a file maps without the user placing
//! each column by hand.
//!
//! Headers are compared as [`normalise`] makes them (case, spaces, `_`, `-`
//! and `.` ignored), so one entry covers "Account Name" and `account_name`.

use account_model::Field;

use crate::pages::import::model::mapping::normalise;

/// Header names of common CRM exports and the field each fills. A label
/// the field table already has ("Industry") is listed too, so the table says
/// every name such an export uses.
pub const ALIASES: &[(&str, Field)] = &[
    ("Account Name", Field::Name),
    ("Account Number", Field::AccountNumber),
    ("Account Source", Field::AccountSource),
    ("Annual Revenue", Field::AnnualRevenue),
    ("Employees", Field::NumOfEmployees),
    ("Number of Employees", Field::NumOfEmployees),
    ("Industry", Field::Industry),
    ("Rating", Field::Rating),
    ("Type", Field::TypeName),
    ("Account Type", Field::TypeName),
    ("Ownership", Field::OwnershipType),
    ("SIC Code", Field::SicCode),
    ("SIC Description", Field::SicDesc),
    ("Phone", Field::PhoneOffice),
    ("Account Phone", Field::PhoneOffice),
    ("Fax", Field::PhoneFax),
    ("Account Fax", Field::PhoneFax),
    ("Website", Field::Website),
    ("Description", Field::Description),
    ("Ticker Symbol", Field::TickerSymbol),
    ("Billing Street", Field::BillingStreet),
    ("Billing City", Field::BillingCity),
    ("Billing State/Province", Field::BillingState),
    ("Billing Zip/Postal Code", Field::BillingPostalCode),
    ("Billing Country", Field::BillingCountry),
    ("Shipping Street", Field::ShippingStreet),
    ("Shipping City", Field::ShippingCity),
    ("Shipping State/Province", Field::ShippingState),
    ("Shipping Zip/Postal Code", Field::ShippingPostalCode),
    ("Shipping Country", Field::ShippingCountry),
];

/// The field a normalised header names in a CRM export, if any.
pub fn aliased(key: &str) -> Option<Field> {
    ALIASES.iter().find(|(name, _)| normalise(name) == key).map(|(_, field)| *field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_alias_is_listed_once_and_names_a_field_an_import_can_fill() {
        for (index, (name, field)) in ALIASES.iter().enumerate() {
            let key = normalise(name);
            assert!(!ALIASES[..index].iter().any(|(other, _)| normalise(other) == key), "{name} is listed twice");
            let spec = field.spec();
            let fillable = spec.writable || matches!(field, Field::ClassificationName | Field::TypeName);
            assert!(fillable, "{name} names {field:?}, which an import cannot fill");
        }
    }
}
