//! The three-way merge of what the user changed with what someone else
//! saved meanwhile, and the partial update between two sets of values
//! (the module docs of `model` say the rules).

use std::collections::BTreeSet;

use account_model::{
    AccountPatch, FieldValue, ListKind, Patch,
    fields::{Field, Kind},
};

use crate::{
    domain::sort,
    pages::account_form::model::{Key, Values, form_fields},
};

/// A value both the user and someone else changed since the form was loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub key: Key,
    pub theirs: Option<String>,
    pub mine: Option<String>,
}

/// The user's choice for a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Theirs,
    Mine,
}

/// The outcome of a three-way merge: the values to end up with (taking the
/// user's side of each conflict until they choose), and the conflicts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merge {
    pub merged: Values,
    pub conflicts: Vec<Conflict>,
}

/// Merges what the user changed (`base` → `mine`) into what is saved now
/// (`theirs`): keys only one side changed take that side; keys both changed
/// alike agree; keys both changed differently are conflicts.
pub fn merge(base: &Values, mine: &Values, theirs: &Values) -> Merge {
    let keys = sort::set_of(base.keys().chain(mine.keys()).chain(theirs.keys()).copied());
    let mut merged = Values::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (b, m, t) = (base.get(&key), mine.get(&key), theirs.get(&key));
        let take = if m == b || m == t {
            t
        } else if t == b {
            m
        } else {
            conflicts.push(Conflict { key, theirs: t.cloned(), mine: m.cloned() });
            m
        };
        if let Some(value) = take {
            merged.insert(key, value.clone());
        }
    }
    Merge { merged, conflicts }
}

impl Merge {
    /// Settles one conflict.
    pub fn pick(&mut self, key: Key, pick: Pick) {
        let Some(conflict) = self.conflicts.iter().find(|c| c.key == key) else { return };
        let value = match pick {
            Pick::Theirs => conflict.theirs.clone(),
            Pick::Mine => conflict.mine.clone(),
        };
        match value {
            Some(value) => self.merged.insert(key, value),
            None => self.merged.remove(&key),
        };
    }
}

/// The keys whose values differ between two sets of values.
pub fn changed(before: &Values, after: &Values) -> BTreeSet<Key> {
    sort::set_of(before.keys().chain(after.keys()).filter(|k| before.get(k) != after.get(k)).copied())
}

/// The update that turns what is saved (`theirs`) into `target`: only what
/// differs, addresses and lists whole (see the module docs). `None` when
/// nothing differs.
pub fn patch_between(theirs: &Values, target: &Values) -> Option<AccountPatch> {
    let changed = changed(theirs, target);
    if changed.is_empty() {
        return None;
    }
    let mut patch = AccountPatch::default();
    let address_of = |field: Field| match field.kind() {
        Kind::AddressPart(address, _) => Some(address),
        _ => None,
    };
    let changed_addresses = sort::set_of(
        changed.iter().filter_map(|k| if let Key::Field(f) = k { address_of(*f) } else { None }).map(|a| a.json_name()),
    );
    for field in form_fields() {
        let whole_address = address_of(field).is_some_and(|a| changed_addresses.contains(a.json_name()));
        if changed.contains(&Key::Field(field)) || whole_address {
            // Values in the form were checked before; a bad one cannot get here.
            let _ = patch.set(field, target.get(&Key::Field(field)).map(String::as_str));
        }
    }
    for (secure, kind) in [(false, ListKind::Custom), (true, ListKind::Secure)] {
        let in_list = |k: &Key| if secure { matches!(k, Key::Secure(_)) } else { matches!(k, Key::Custom(_)) };
        if !changed.iter().any(in_list) {
            continue;
        }
        let number = |k: &Key| match k {
            Key::Custom(n) | Key::Secure(n) => *n,
            Key::Field(_) => 0,
        };
        // The whole list as it now stands, and each removed field as null.
        let mut list: Vec<FieldValue> = target
            .iter()
            .filter(|(k, _)| in_list(k))
            .map(|(k, v)| FieldValue { field: kind.field(number(k)).to_string(), value: Some(v.clone()) })
            .collect();
        list.extend(
            theirs
                .keys()
                .filter(|k| in_list(k) && !target.contains_key(k))
                .map(|k| FieldValue { field: kind.field(number(k)).to_string(), value: None }),
        );
        if secure {
            patch.secure_fields = Patch::Value(list);
        } else {
            patch.custom_fields = Patch::Value(list);
        }
    }
    Some(patch)
}

#[cfg(test)]
mod tests {
    use account_model::Field;

    use super::*;
    use crate::pages::account_form::model::{FormState, ListRow, saved_values, tests::account};

    fn json(patch: &AccountPatch) -> serde_json::Value {
        serde_json::to_value(patch).unwrap()
    }

    #[test]
    fn an_unchanged_form_sends_nothing_and_one_change_sends_one_field() {
        let saved = saved_values(&account());
        let mut form = FormState::of(&account());
        assert_eq!(patch_between(&saved, &form.values()), None);
        form.set(Field::Rating, "Hot".into());
        let patch = patch_between(&saved, &form.values()).expect("a change");
        assert_eq!(json(&patch), serde_json::json!({"rating": "Hot"}));
    }

    #[test]
    fn a_cleared_field_is_sent_as_null() {
        let saved = saved_values(&account());
        let mut form = FormState::of(&account());
        form.set(Field::Industry, "  ".into());
        assert_eq!(json(&patch_between(&saved, &form.values()).unwrap()), serde_json::json!({"industry": null}));
    }

    #[test]
    fn a_changed_address_part_sends_the_whole_address() {
        let saved = saved_values(&account());
        let mut form = FormState::of(&account());
        form.set(Field::BillingCity, "Shelbyville".into());
        assert_eq!(
            json(&patch_between(&saved, &form.values()).unwrap()),
            serde_json::json!({"billingAddress": {
                "street": "1 Main St", "city": "Shelbyville", "state": null, "postalCode": null, "country": null
            }})
        );
    }

    #[test]
    fn a_changed_custom_field_sends_the_whole_list_with_removed_ones_as_null() {
        let saved = saved_values(&account());
        let mut form = FormState::of(&account());
        form.custom.retain(|r| r.name != "COL10");
        form.custom.push(ListRow { name: "col5".into(), value: "five".into() });
        let patch = json(&patch_between(&saved, &form.values()).unwrap());
        assert_eq!(
            patch,
            serde_json::json!({"customFields": [
                {"field": "COL2", "value": "two"}, {"field": "COL5", "value": "five"}, {"field": "COL10", "value": null}
            ]})
        );
    }

    fn values(pairs: &[(Field, &str)]) -> Values {
        pairs.iter().map(|(f, v)| (Key::Field(*f), v.to_string())).collect()
    }

    #[test]
    fn the_merge_keeps_their_changes_takes_mine_and_flags_fields_both_changed() {
        let base = values(&[(Field::Name, "Acme"), (Field::Rating, "Warm"), (Field::Industry, "Tools")]);
        let mine = values(&[(Field::Name, "Acme"), (Field::Rating, "Hot"), (Field::Industry, "Anvils")]);
        let theirs = values(&[(Field::Name, "Acme Inc"), (Field::Rating, "Cold"), (Field::Industry, "Anvils")]);
        let mut merge = merge(&base, &mine, &theirs);
        assert_eq!(
            merge.merged.get(&Key::Field(Field::Name)).map(String::as_str),
            Some("Acme Inc"),
            "only they changed it"
        );
        assert_eq!(merge.merged.get(&Key::Field(Field::Industry)).map(String::as_str), Some("Anvils"), "both alike");
        assert_eq!(
            merge.conflicts,
            [Conflict { key: Key::Field(Field::Rating), theirs: Some("Cold".into()), mine: Some("Hot".into()) }]
        );
        merge.pick(Key::Field(Field::Rating), Pick::Theirs);
        assert_eq!(patch_between(&theirs, &merge.merged), None, "taking theirs everywhere sends nothing");
        merge.pick(Key::Field(Field::Rating), Pick::Mine);
        assert_eq!(json(&patch_between(&theirs, &merge.merged).unwrap()), serde_json::json!({"rating": "Hot"}));
    }

    #[test]
    fn a_field_cleared_by_them_and_untouched_by_me_stays_cleared() {
        let base = values(&[(Field::Name, "Acme"), (Field::Rating, "Warm")]);
        let theirs = values(&[(Field::Name, "Acme")]);
        let merge = merge(&base, &base, &theirs);
        assert!(merge.conflicts.is_empty());
        assert_eq!(patch_between(&theirs, &merge.merged), None);
    }

    #[test]
    fn an_address_part_changed_on_each_side_merges_into_one_whole_address() {
        let base = values(&[(Field::Name, "A"), (Field::BillingStreet, "1 Main"), (Field::BillingCity, "Old")]);
        let mine = values(&[(Field::Name, "A"), (Field::BillingStreet, "1 Main"), (Field::BillingCity, "New")]);
        let theirs = values(&[(Field::Name, "A"), (Field::BillingStreet, "2 Side"), (Field::BillingCity, "Old")]);
        let merge = merge(&base, &mine, &theirs);
        assert!(merge.conflicts.is_empty());
        let patch = json(&patch_between(&theirs, &merge.merged).unwrap());
        assert_eq!(patch["billingAddress"]["street"], "2 Side", "their street is kept");
        assert_eq!(patch["billingAddress"]["city"], "New");
    }
}
