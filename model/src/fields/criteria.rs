//! The field table as search criteria: a criterion or one end of a range set
//! by field, as the console's list and pages build a Find Matching Accounts
//! body.

use super::{AddressKind, Field, Kind, Value};
use crate::{Address, SearchCriteria};

impl SearchCriteria {
    /// Sets the criterion on `field` (an exact match, or the substring for
    /// text). `None` clears it. Fields that are no criterion are ignored, and
    /// so is a revenue or employee count past 32 bits (check it with
    /// [`parse_int32`](super::parse_int32) first).
    pub fn set_exact(&mut self, field: Field, value: Option<Value<'_>>) {
        let text = value.map(|v| match v {
            Value::Text(t) => t.to_string(),
            Value::Int(n) => n.to_string(),
        });
        let int = value.and_then(|v| match v {
            Value::Int(n) => Some(n),
            Value::Text(t) => t.trim().parse().ok(),
        });
        let int32 = int.and_then(|n| i32::try_from(n).ok());
        match field {
            Field::Id => self.id = int,
            Field::Name => self.name = text,
            Field::AccountNumber => self.account_number = text,
            Field::OriginalAccountNumber => self.original_account_number = text,
            Field::Description => self.description = text,
            Field::OwnershipType => self.ownership_type = text,
            Field::PhoneOffice => self.phone_office = text,
            Field::PhoneAlternate => self.phone_alternate = text,
            Field::PhoneFax => self.phone_fax = text,
            Field::Website => self.website = text,
            Field::Industry => self.industry = text,
            Field::AnnualRevenue => self.annual_revenue = int32,
            Field::NumOfEmployees => self.num_of_employees = int32,
            Field::TickerSymbol => self.ticker_symbol = text,
            Field::SicCode => self.sic_code = text,
            Field::SicDesc => self.sic_desc = text,
            Field::AccountSource => self.account_source = text,
            Field::Rating => self.rating = text,
            Field::AgentId => self.agent_id = int,
            Field::AgentTeamId => self.agent_team_id = int,
            Field::CampaignId => self.campaign_id = text,
            Field::ClassificationId => self.classification_id = int,
            Field::TypeId => self.type_id = int,
            Field::CreatedBy => self.created_by = text,
            Field::ModifiedBy => self.modified_by = text,
            _ => {
                if let Kind::AddressPart(address, part) = field.kind() {
                    let slot = match address {
                        AddressKind::Billing => &mut self.billing_address,
                        AddressKind::Shipping => &mut self.shipping_address,
                    };
                    *part.slot_mut(slot.get_or_insert_with(Address::default)) = text;
                    if slot.as_ref().is_some_and(Address::is_empty) {
                        *slot = None;
                    }
                }
            }
        }
    }

    /// Sets one end of the range on `field` (dates, revenue); `None` clears it.
    /// Revenue is 32-bit: a value past it sets nothing (check it with
    /// [`parse_int32`](super::parse_int32) first).
    pub fn set_range(&mut self, field: Field, end: RangeEnd, value: Option<i64>) {
        if field == Field::AnnualRevenue {
            let revenue = match end {
                RangeEnd::Start => &mut self.annual_revenue_start,
                RangeEnd::End => &mut self.annual_revenue_end,
            };
            *revenue = value.and_then(|n| i32::try_from(n).ok());
            return;
        }
        let slot = match (field, end) {
            (Field::CreatedDate, RangeEnd::Start) => &mut self.created_date_start,
            (Field::CreatedDate, RangeEnd::End) => &mut self.created_date_end,
            (Field::ModifiedDate, RangeEnd::Start) => &mut self.modified_date_start,
            (Field::ModifiedDate, RangeEnd::End) => &mut self.modified_date_end,
            _ => return,
        };
        *slot = value;
    }
}

/// Which end of a range criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RangeEnd {
    /// `<name>Start`: at least.
    Start,
    /// `<name>End`: at most.
    End,
}
