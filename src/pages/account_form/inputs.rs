//! The form's inputs: one component for every scalar field (its control
//! chosen by the field table's kind), and one for the rows of custom or
//! secure fields. Each shows its problem beside it; editing clears it. And
//! "Same as billing".

use account_model::{Field, fields::Kind};
use leptos::{ev, prelude::*};

use crate::{
    domain::categories::{Categories, CategoryKind},
    domain::fields::{known_values, short_label},
    pages::account_form::{
        FormContext,
        model::{ADDRESS_PARTS, FormState, List, ListRow, Target},
    },
};

/// The id of the input a problem belongs to (for focus and `aria-describedby`).
pub fn target_id(target: Target) -> String {
    match target {
        Target::Field(field) => format!("field-{}", field.name()),
        Target::Row(List::Custom, index) => format!("custom-{index}-name"),
        Target::Row(List::Secure, index) => format!("secure-{index}-name"),
        Target::Form => "account-form-top".into(),
    }
}

/// The name the account gives an id (agent, team), shown beside the input
/// while it still holds that id.
fn known_name(context: FormContext, field: Field) -> Option<(String, String)> {
    context.account.with_value(|account| {
        let account = account.as_ref()?;
        let (id, name) = match field {
            Field::AgentId => (account.fields.agent_id, account.agent_name.clone()),
            Field::AgentTeamId => (account.fields.agent_team_id, account.agent_team_name.clone()),
            _ => return None,
        };
        Some((id?.to_string(), name?))
    })
}

#[component]
pub fn FieldInput(field: Field, context: FormContext) -> impl IntoView {
    let target = Target::Field(field);
    let id = target_id(target);
    let error_id = format!("{id}-error");
    let form = context.form;
    let value = move || form.with(|f| f.get(field).to_string());
    let set = move |ev: ev::Event| {
        let typed = event_target_value(&ev);
        form.update(|f| f.set(field, typed));
        context.edited(target);
    };
    let message = move || context.problem(target);
    let invalid = move || message().is_some().to_string();
    let spec = field.spec();
    let max = spec.max_len.map(|m| m.to_string());
    let control = match (field, spec.kind) {
        (Field::Description, _) => view! {
            <textarea id=id.clone() rows="3" maxlength=max prop:value=value on:input=set aria-invalid=invalid aria-describedby=error_id.clone()></textarea>
        }
        .into_any(),
        (Field::ClassificationId | Field::TypeId, _) => {
            let kind = if field == Field::ClassificationId { CategoryKind::Classification } else { CategoryKind::Type };
            let categories = expect_context::<Categories>();
            let options = move || {
                let chosen = value();
                let list = categories.list(kind);
                // A value the list does not hold (yet) still shows, as its id.
                let unknown = (!chosen.is_empty() && !list.iter().any(|c| c.id.to_string() == chosen))
                    .then(|| view! { <option value=chosen.clone() selected>{format!("ID {chosen}")}</option> });
                let known = list
                    .into_iter()
                    .map(|c| {
                        let value = c.id.to_string();
                        let selected = value == chosen;
                        view! { <option value=value selected=selected>{c.name}</option> }
                    })
                    .collect_view();
                (unknown, known)
            };
            view! {
                <select id=id.clone() on:change=set aria-invalid=invalid aria-describedby=error_id.clone()>
                    <option value="">"None"</option>
                    {options}
                </select>
            }
            .into_any()
        }
        (_, Kind::Integer | Kind::Id) => {
            let known = known_name(context, field);
            let hint = move || {
                let (id, name) = known.clone()?;
                (value().trim() == id).then(|| view! { <span class="hint">{name}</span> })
            };
            view! {
                <input id=id.clone() type="text" inputmode="numeric" autocomplete="off" prop:value=value on:input=set aria-invalid=invalid aria-describedby=error_id.clone() />
                {hint}
            }
            .into_any()
        }
        _ => {
            let suggestions = known_values(field);
            let list_id = (!suggestions.is_empty()).then(|| format!("{id}-known"));
            view! {
                <input id=id.clone() type="text" maxlength=max list=list_id.clone() prop:value=value on:input=set aria-invalid=invalid aria-describedby=error_id.clone() />
                {list_id.map(|list| view! {
                    <datalist id=list>{suggestions.iter().map(|v| view! { <option value=*v></option> }).collect_view()}</datalist>
                })}
            }
            .into_any()
        }
    };
    let required = field == Field::Name;
    view! {
        <div class="field">
            <label for=id>{short_label(field)}{required.then_some(" (required)")}</label>
            {control}
            <p class="field-error" id=error_id>{message}</p>
        </div>
    }
}

/// The rows of custom (`COL1`..`COL100`) or secure (`SECURE1`..`SECURE5`)
/// fields: add, edit, remove. Secure values are masked.
#[component]
pub fn ListEditor(list: List, context: FormContext) -> impl IntoView {
    let form = context.form;
    let (title, what) = match list {
        List::Custom => ("Custom fields", "custom"),
        List::Secure => ("Secure fields", "secure"),
    };
    let (first, last) = list.bounds();
    let rows = move |f: &crate::pages::account_form::model::FormState| match list {
        List::Custom => f.custom.len(),
        List::Secure => f.secure.len(),
    };
    let edit = move |index: usize, change: &dyn Fn(&mut ListRow)| {
        form.update(|f| {
            let rows = if list == List::Custom { &mut f.custom } else { &mut f.secure };
            if let Some(row) = rows.get_mut(index) {
                change(row);
            }
        });
        context.edited(Target::Row(list, index));
    };
    let read = move |index: usize, name: bool| {
        form.with(|f| {
            let rows = if list == List::Custom { &f.custom } else { &f.secure };
            rows.get(index).map(|r| if name { r.name.clone() } else { r.value.clone() }).unwrap_or_default()
        })
    };
    let add = move |_| {
        form.update(|f| {
            let rows = if list == List::Custom { &mut f.custom } else { &mut f.secure };
            let used: Vec<String> = rows.iter().map(|r| r.name.trim().to_ascii_uppercase()).collect();
            let free = list.numbers().map(|n| list.field(n).to_string()).find(|name| !used.contains(name));
            rows.push(ListRow { name: free.unwrap_or_default(), value: String::new() });
        });
        let index = form.with_untracked(|f| rows(f)) - 1;
        crate::platform::browser::focus_when_ready(format!("#{what}-{index}-value"));
    };
    let full = move || form.with(|f| rows(f)) >= last.number() as usize;
    let row = move |index: usize| {
        let target = Target::Row(list, index);
        let name_id = format!("{what}-{index}-name");
        let value_id = format!("{what}-{index}-value");
        let error_id = format!("{what}-{index}-error");
        let message = move || context.problem(target);
        let remove = move |_| {
            form.update(|f| {
                let rows = if list == List::Custom { &mut f.custom } else { &mut f.secure };
                if index < rows.len() {
                    rows.remove(index);
                }
            });
            context.problems.update(|p| p.retain(|p| p.at != target));
        };
        let input_type = if list == List::Secure { "password" } else { "text" };
        view! {
            <div class="list-row">
                <div class="field">
                    <label for=name_id.clone()>"Field"</label>
                    <input id=name_id type="text" class="list-name" autocomplete="off" prop:value=move || read(index, true)
                        on:input=move |ev| { let typed = event_target_value(&ev); edit(index, &|r| r.name = typed.clone()) }
                        aria-invalid=move || message().is_some().to_string() aria-describedby=error_id.clone() />
                </div>
                <div class="field">
                    <label for=value_id.clone()>"Value"</label>
                    <input id=value_id type=input_type autocomplete="off" maxlength="255" prop:value=move || read(index, false)
                        on:input=move |ev| { let typed = event_target_value(&ev); edit(index, &|r| r.value = typed.clone()) } />
                </div>
                <button type="button" class="secondary remove-row" on:click=remove>"Remove"</button>
                <p class="field-error" id=error_id>{message}</p>
            </div>
        }
    };
    view! {
        <fieldset class="card form-group list-editor">
            <legend>{title}</legend>
            <p class="hint">{format!("Names {first} to {last}; a field left empty is removed.")}</p>
            <For each=move || 0..form.with(|f| rows(f)) key=|index| *index children=row />
            <button type="button" class="secondary" prop:disabled=full on:click=add>
                {match list { List::Custom => "Add a custom field", List::Secure => "Add a secure field" }}
            </button>
        </fieldset>
    }
}

/// "Same as billing", a choice and never a default: unticked whenever the
/// form opens, even where both addresses already hold the same (a billing
/// edit must not reach the shipping address unasked). While ticked the
/// shipping address follows each billing edit; any other change that makes
/// them differ (a shipping edit, a restored draft) unticks the box. Unticked
/// by the user, the shipping address typed before the tick comes back.
#[component]
pub fn SameAsBilling(context: FormContext) -> impl IntoView {
    let addresses = move |form: &FormState| {
        let parts = |shipping: bool| {
            ADDRESS_PARTS.map(|pair| form.get(if shipping { pair.1 } else { pair.0 }).trim().to_string())
        };
        (parts(false), parts(true))
    };
    let chosen = RwSignal::new(false);
    // The shipping address as it was when the box was ticked.
    let before_tick = StoredValue::new(None::<[String; 5]>);
    Effect::new(move |before: Option<([String; 5], [String; 5])>| {
        let now = context.form.with(addresses);
        if chosen.get_untracked() && now.0 != now.1 {
            match before.as_ref().is_some_and(|(billing, shipping)| *billing != now.0 && *shipping == now.1) {
                true => context.form.update(FormState::ship_to_billing),
                false => {
                    chosen.set(false);
                    before_tick.set_value(None);
                }
            }
        }
        now
    });
    let choose = move |ev: ev::Event| {
        let ticked = event_target_checked(&ev);
        chosen.set(ticked);
        if ticked {
            before_tick.set_value(Some(context.form.with_untracked(FormState::shipping)));
            context.form.update(FormState::ship_to_billing);
        } else if let Some(parts) = before_tick.try_update_value(Option::take).flatten() {
            context.form.update(|form| form.set_shipping(parts));
        }
    };
    view! {
        <div class="field checkbox-field">
            <input id="same-as-billing" type="checkbox" prop:checked=move || chosen.get() on:change=choose />
            <label for="same-as-billing">"Same as billing"</label>
        </div>
    }
}
