//! Find Matching Accounts: criteria and sort.

use serde::{Deserialize, Deserializer, Serialize};

use crate::{Address, FieldValue, lenient};

// Objects only: see `object.rs`.
crate::object::object_only!(SearchRequest, SearchCriteria, Sort);

/// The body of Find Matching Accounts. Both parts are optional: no criteria
/// match every account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct SearchRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<SearchCriteria>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
}

/// Search criteria. Text criteria match as case-insensitive substrings, ids and
/// counts match exactly, ranges (epoch ms for dates) include their ends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase")]
pub struct SearchCriteria {
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub phone_fax: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub ticker_symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub account_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub original_account_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub account_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub sic_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub sic_desc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub created_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub modified_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::string")]
    pub campaign_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub agent_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub agent_team_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub classification_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub type_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub annual_revenue: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub num_of_employees: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub created_date_start: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub created_date_end: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub modified_date_start: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int")]
    pub modified_date_end: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub annual_revenue_start: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient::int32")]
    pub annual_revenue_end: Option<i32>,
    /// Custom fields ([`ListKind::Custom`](crate::ListKind::Custom)) that must hold these values, each
    /// matched as a text criterion; every listed pair must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<FieldValue>>,
}

/// Which way a range criterion bounds its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    AtLeast,
    AtMost,
}

fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl SearchCriteria {
    /// The substring criteria in force, by JSON field name. Address parts are
    /// named `billingAddress.city` and so on. Blank text is no criterion.
    pub fn text_criteria(&self) -> Vec<(String, &str)> {
        let top = [
            ("name", &self.name),
            ("description", &self.description),
            ("industry", &self.industry),
            ("phoneFax", &self.phone_fax),
            ("rating", &self.rating),
            ("phoneOffice", &self.phone_office),
            ("phoneAlternate", &self.phone_alternate),
            ("website", &self.website),
            ("ownershipType", &self.ownership_type),
            ("tickerSymbol", &self.ticker_symbol),
            ("accountNumber", &self.account_number),
            ("originalAccountNumber", &self.original_account_number),
            ("accountSource", &self.account_source),
            ("sicCode", &self.sic_code),
            ("sicDesc", &self.sic_desc),
            ("createdBy", &self.created_by),
            ("modifiedBy", &self.modified_by),
        ];
        let mut criteria: Vec<(String, &str)> =
            top.into_iter().filter_map(|(field, value)| Some((field.to_string(), set(value)?))).collect();
        for (address, value) in [("billingAddress", &self.billing_address), ("shippingAddress", &self.shipping_address)]
        {
            let Some(value) = value else { continue };
            for (part, text) in value.parts() {
                if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) {
                    criteria.push((format!("{address}.{part}"), text));
                }
            }
        }
        criteria
    }

    /// The custom-field criteria in force: (field name as sent, substring).
    /// A blank or absent value is no criterion.
    pub fn custom_criteria(&self) -> Vec<(&str, &str)> {
        let pairs = self.custom_fields.iter().flatten();
        pairs.filter_map(|pair| Some((pair.field.as_str(), set(&pair.value)?))).collect()
    }

    /// The exact-match criteria in force, by JSON field name.
    pub fn exact_criteria(&self) -> Vec<(&'static str, ExactValue<'_>)> {
        let ints = [
            ("id", self.id),
            ("agentId", self.agent_id),
            ("agentTeamId", self.agent_team_id),
            ("classificationId", self.classification_id),
            ("typeId", self.type_id),
            ("annualRevenue", self.annual_revenue.map(i64::from)),
            ("numOfEmployees", self.num_of_employees.map(i64::from)),
        ];
        let mut criteria: Vec<_> =
            ints.into_iter().filter_map(|(field, value)| Some((field, ExactValue::Int(value?)))).collect();
        if let Some(campaign) = set(&self.campaign_id) {
            criteria.push(("campaignId", ExactValue::Text(campaign)));
        }
        criteria
    }

    /// The range criteria in force: (field, bound, value), inclusive.
    pub fn range_criteria(&self) -> Vec<(&'static str, Bound, i64)> {
        [
            ("createdDate", Bound::AtLeast, self.created_date_start),
            ("createdDate", Bound::AtMost, self.created_date_end),
            ("modifiedDate", Bound::AtLeast, self.modified_date_start),
            ("modifiedDate", Bound::AtMost, self.modified_date_end),
            ("annualRevenue", Bound::AtLeast, self.annual_revenue_start.map(i64::from)),
            ("annualRevenue", Bound::AtMost, self.annual_revenue_end.map(i64::from)),
        ]
        .into_iter()
        .filter_map(|(field, bound, value)| Some((field, bound, value?)))
        .collect()
    }

    /// True when no criterion is in force.
    pub fn is_empty(&self) -> bool {
        self.text_criteria().is_empty()
            && self.custom_criteria().is_empty()
            && self.exact_criteria().is_empty()
            && self.range_criteria().is_empty()
    }
}

/// The value of an exact-match criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExactValue<'a> {
    Int(i64),
    Text(&'a str),
}

/// The order of a search's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Sort {
    /// Any account field, e.g. `name` or `modifiedDate`.
    pub property: String,
    #[serde(default)]
    pub direction: SortDirection,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum SortDirection {
    #[default]
    #[serde(rename = "ASC")]
    Ascending,
    #[serde(rename = "DESC")]
    Descending,
}

impl<'de> Deserialize<'de> for SortDirection {
    /// `ASC`/`DESC` in any case; anything else is an error that names the value.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        match text.to_ascii_uppercase().as_str() {
            "ASC" => Ok(SortDirection::Ascending),
            "DESC" => Ok(SortDirection::Descending),
            _ => Err(serde::de::Error::custom(format_args!("direction must be ASC or DESC, found \"{text}\""))),
        }
    }
}

impl SortDirection {
    pub fn toggled(self) -> Self {
        match self {
            SortDirection::Ascending => SortDirection::Descending,
            SortDirection::Descending => SortDirection::Ascending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_no_criterion() {
        let criteria: SearchCriteria =
            serde_json::from_str(r#"{"name": "  ", "industry": "soft", "billingAddress": {"city": "Bang"}}"#).unwrap();
        assert_eq!(
            criteria.text_criteria(),
            vec![("industry".to_string(), "soft"), ("billingAddress.city".to_string(), "Bang")]
        );
    }

    #[test]
    fn ids_as_strings_become_exact_criteria() {
        let criteria: SearchCriteria =
            serde_json::from_str(r#"{"agentId": "595348", "campaignId": 28571101}"#).unwrap();
        assert_eq!(
            criteria.exact_criteria(),
            vec![("agentId", ExactValue::Int(595348)), ("campaignId", ExactValue::Text("28571101"))]
        );
    }

    #[test]
    fn custom_field_criteria_are_the_pairs_with_a_value() {
        let criteria: SearchCriteria = serde_json::from_str(
            r#"{"customFields": [{"field": "COL5", "value": " x "}, {"field": "COL6", "value": ""}, {"field": "COL7", "value": 12}]}"#,
        )
        .unwrap();
        assert_eq!(criteria.custom_criteria(), [("COL5", "x"), ("COL7", "12")]);
        let blank: SearchCriteria = serde_json::from_str(r#"{"customFields": [{"field": "COL5"}]}"#).unwrap();
        assert!(blank.is_empty());
        assert_eq!(
            serde_json::to_value(&criteria).unwrap()["customFields"][0],
            serde_json::json!({"field": "COL5", "value": " x "})
        );
    }

    #[test]
    fn ranges_keep_both_ends() {
        let criteria: SearchCriteria =
            serde_json::from_str(r#"{"createdDateStart": 10, "annualRevenueEnd": "500"}"#).unwrap();
        assert_eq!(
            criteria.range_criteria(),
            vec![("createdDate", Bound::AtLeast, 10), ("annualRevenue", Bound::AtMost, 500)]
        );
        assert!(SearchCriteria::default().is_empty());
    }

    #[test]
    fn sort_direction_reads_any_case_and_writes_upper_case() {
        let sort: Sort = serde_json::from_str(r#"{"property": "name", "direction": "desc"}"#).unwrap();
        assert_eq!(sort.direction, SortDirection::Descending);
        assert_eq!(serde_json::to_string(&sort).unwrap(), r#"{"property":"name","direction":"DESC"}"#);
        assert!(serde_json::from_str::<Sort>(r#"{"property": "name", "direction": "UP"}"#).is_err());
    }
}
