//! Text as a person types it (a form, an import cell, a bulk action), written
//! into a field: trimmed, checked against the field's length, and integers
//! parsed with separators and held to the reference's 32-bit Integer, with
//! the message a person reads at the field when it does not fit.

use super::{AddressKind, AddressPartName, Field, Kind};
use crate::{AccountInput, AccountPatch, Address, AddressPatch, Patch};

impl Field {
    /// Sets (or with `None` clears) a writable scalar field from text, as a
    /// form or an import row gives it: integers are parsed. Answers an error
    /// message for text that is not what the field takes, and refuses fields
    /// that are not writable scalars.
    pub fn write_input(self, f: &mut AccountInput, value: Option<&str>) -> Result<(), WriteError> {
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        let spec = self.spec();
        if !spec.writable || matches!(spec.kind, Kind::Custom | Kind::Secure) {
            return Err(WriteError::NotWritable);
        }
        if let (Some(max), Some(v)) = (spec.max_len, value)
            && v.chars().count() > max as usize
        {
            return Err(WriteError::TooLong(max));
        }
        let text = |slot: &mut Option<String>| *slot = value.map(str::to_string);
        fn int<T: From<i32>>(slot: &mut Option<T>, value: Option<&str>) -> Result<(), WriteError> {
            *slot = value.map(parse_int32).transpose()?.map(T::from);
            Ok(())
        }
        match self {
            Field::Name => f.name = value.unwrap_or_default().to_string(),
            Field::AccountNumber => text(&mut f.account_number),
            Field::OriginalAccountNumber => text(&mut f.original_account_number),
            Field::Description => text(&mut f.description),
            Field::OwnershipType => text(&mut f.ownership_type),
            Field::PhoneOffice => text(&mut f.phone_office),
            Field::PhoneAlternate => text(&mut f.phone_alternate),
            Field::PhoneFax => text(&mut f.phone_fax),
            Field::Website => text(&mut f.website),
            Field::Industry => text(&mut f.industry),
            Field::AnnualRevenue => int(&mut f.annual_revenue, value)?,
            Field::NumOfEmployees => int(&mut f.num_of_employees, value)?,
            Field::TickerSymbol => text(&mut f.ticker_symbol),
            Field::SicCode => text(&mut f.sic_code),
            Field::SicDesc => text(&mut f.sic_desc),
            Field::AccountSource => text(&mut f.account_source),
            Field::Rating => text(&mut f.rating),
            Field::AgentId => int(&mut f.agent_id, value)?,
            Field::AgentTeamId => int(&mut f.agent_team_id, value)?,
            Field::CampaignId => text(&mut f.campaign_id),
            Field::ClassificationId => int(&mut f.classification_id, value)?,
            Field::TypeId => int(&mut f.type_id, value)?,
            _ => {
                let Kind::AddressPart(address, part) = spec.kind else { return Err(WriteError::NotWritable) };
                let slot = address.of_mut(f);
                *part.slot_mut(slot.get_or_insert_with(Address::default)) = value.map(str::to_string);
                if slot.as_ref().is_some_and(Address::is_empty) {
                    *slot = None;
                }
            }
        }
        Ok(())
    }
}

/// Why a value could not be written to a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The field takes a whole number.
    NotWhole,
    /// A whole number past the reference's 32-bit Integer.
    TooLarge,
    /// A whole number below the reference's 32-bit Integer.
    TooSmall,
    /// The value is longer than the field allows.
    TooLong(u32),
    /// The field is read-only or a list.
    NotWritable,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotWhole => f.write_str("Enter a whole number."),
            WriteError::TooLarge => f.write_str(AT_MOST),
            WriteError::TooSmall => f.write_str(AT_LEAST),
            WriteError::TooLong(max) => write!(f, "Use at most {max} characters."),
            WriteError::NotWritable => f.write_str("This field cannot be set."),
        }
    }
}

/// What a person is told when a whole number is past the reference's 32-bit
/// Integer (NOTES.md), at the field: the form, the import, the list's search.
pub const AT_MOST: &str = "Enter a whole number of at most 2,147,483,647.";
/// The same, below it.
pub const AT_LEAST: &str = "Enter a whole number of at least -2,147,483,648.";

/// A whole number as people type it: `1,250,000`, ` 42 `, `-3`. Digits past
/// `i64` are out of range rather than no number.
pub fn parse_whole(text: &str) -> Result<i64, WriteError> {
    let digits: String = text.trim().chars().filter(|c| *c != ',' && *c != '_' && *c != ' ').collect();
    digits.parse().map_err(|_| {
        let unsigned = digits.strip_prefix(['-', '+']).unwrap_or(&digits);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            WriteError::NotWhole
        } else if digits.starts_with('-') {
            WriteError::TooSmall
        } else {
            WriteError::TooLarge
        }
    })
}

/// A whole number for a field the reference types Integer (every integer
/// field a person types: revenue, employees, ids): 32-bit.
pub fn parse_int32(text: &str) -> Result<i32, WriteError> {
    let n = parse_whole(text)?;
    i32::try_from(n).map_err(|_| if n < 0 { WriteError::TooSmall } else { WriteError::TooLarge })
}

impl AccountPatch {
    /// Sets a writable scalar field in the update: text as a form gives it
    /// (integers parsed), `None` (or blank) clears it (`null`). An address
    /// part sets that part of its address. Refuses lists and read-only
    /// fields.
    pub fn set(&mut self, field: Field, value: Option<&str>) -> Result<(), WriteError> {
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        let spec = field.spec();
        if !spec.writable || matches!(spec.kind, Kind::Custom | Kind::Secure) {
            return Err(WriteError::NotWritable);
        }
        if let (Some(max), Some(v)) = (spec.max_len, value)
            && v.chars().count() > max as usize
        {
            return Err(WriteError::TooLong(max));
        }
        let text = |slot: &mut Patch<String>| *slot = value.map_or(Patch::Null, |v| Patch::Value(v.to_string()));
        fn int<T: From<i32>>(slot: &mut Patch<T>, value: Option<&str>) -> Result<(), WriteError> {
            *slot = match value {
                Some(v) => Patch::Value(T::from(parse_int32(v)?)),
                None => Patch::Null,
            };
            Ok(())
        }
        match field {
            Field::Name => text(&mut self.name),
            Field::AccountNumber => text(&mut self.account_number),
            Field::OriginalAccountNumber => text(&mut self.original_account_number),
            Field::Description => text(&mut self.description),
            Field::OwnershipType => text(&mut self.ownership_type),
            Field::PhoneOffice => text(&mut self.phone_office),
            Field::PhoneAlternate => text(&mut self.phone_alternate),
            Field::PhoneFax => text(&mut self.phone_fax),
            Field::Website => text(&mut self.website),
            Field::Industry => text(&mut self.industry),
            Field::AnnualRevenue => int(&mut self.annual_revenue, value)?,
            Field::NumOfEmployees => int(&mut self.num_of_employees, value)?,
            Field::TickerSymbol => text(&mut self.ticker_symbol),
            Field::SicCode => text(&mut self.sic_code),
            Field::SicDesc => text(&mut self.sic_desc),
            Field::AccountSource => text(&mut self.account_source),
            Field::Rating => text(&mut self.rating),
            Field::AgentId => int(&mut self.agent_id, value)?,
            Field::AgentTeamId => int(&mut self.agent_team_id, value)?,
            Field::CampaignId => text(&mut self.campaign_id),
            Field::ClassificationId => int(&mut self.classification_id, value)?,
            Field::TypeId => int(&mut self.type_id, value)?,
            _ => {
                let Kind::AddressPart(address, part) = spec.kind else { return Err(WriteError::NotWritable) };
                let slot = match address {
                    AddressKind::Billing => &mut self.billing_address,
                    AddressKind::Shipping => &mut self.shipping_address,
                };
                if !matches!(slot, Patch::Value(_)) {
                    *slot = Patch::Value(AddressPatch::default());
                }
                if let Patch::Value(parts) = slot {
                    let part_slot = match part {
                        AddressPartName::Street => &mut parts.street,
                        AddressPartName::City => &mut parts.city,
                        AddressPartName::State => &mut parts.state,
                        AddressPartName::PostalCode => &mut parts.postal_code,
                        AddressPartName::Country => &mut parts.country,
                    };
                    text(part_slot);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_may_carry_separators_but_not_words_and_text_has_a_length_limit() {
        let mut input = AccountInput::default();
        Field::AnnualRevenue.write_input(&mut input, Some(" 1,250,000 ")).unwrap();
        assert_eq!(input.annual_revenue, Some(1_250_000));
        assert_eq!(Field::NumOfEmployees.write_input(&mut input, Some("many")), Err(WriteError::NotWhole));
        let long = "x".repeat(256);
        assert_eq!(Field::Rating.write_input(&mut input, Some(&long)), Err(WriteError::TooLong(255)));
        assert_eq!(Field::CreatedDate.write_input(&mut input, Some("1")), Err(WriteError::NotWritable));
    }

    #[test]
    fn integers_past_32_bits_are_refused_at_the_field_with_the_limit() {
        let mut input = AccountInput::default();
        for field in [Field::AnnualRevenue, Field::NumOfEmployees, Field::AgentId, Field::TypeId] {
            field.write_input(&mut input, Some("2,147,483,647")).unwrap();
            assert_eq!(field.read_input(&input), Some(super::super::Value::Int(2_147_483_647)), "{field:?}");
            for (typed, error) in [
                ("2147483648", WriteError::TooLarge),
                ("3,000,000,000", WriteError::TooLarge),
                ("99999999999999999999999", WriteError::TooLarge),
                ("-2147483649", WriteError::TooSmall),
            ] {
                assert_eq!(field.write_input(&mut input, Some(typed)), Err(error), "{field:?} {typed}");
                assert_eq!(AccountPatch::default().set(field, Some(typed)), Err(error), "{field:?} {typed}");
            }
        }
        assert_eq!(WriteError::TooLarge.to_string(), "Enter a whole number of at most 2,147,483,647.");
        assert_eq!(parse_int32("-2,147,483,648"), Ok(i32::MIN));
        assert_eq!(parse_whole("12abc"), Err(WriteError::NotWhole));
        assert_eq!(parse_whole("-"), Err(WriteError::NotWhole));
    }
}
