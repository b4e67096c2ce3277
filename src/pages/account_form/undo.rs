//! Undo of an account form's save, from the "Saved." toast: writes back the
//! previous values of just the fields that save changed, after checking that
//! nobody changed them since; if someone did, the conflict prompt (shown over
//! whatever page is open by then) settles it.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::ApiClient,
    components::Toasts,
    pages::account_form::{
        conflict::ConflictPrompt,
        model::{self, Merge, Values, merge, patch_between, saved_values},
    },
};

/// Undo of a save: writes back the previous values of just the fields that
/// save changed, after checking that nobody changed them since; if someone
/// did, the conflict prompt settles it.
pub fn undo_action(
    api: ApiClient,
    toasts: Toasts,
    prompt: UndoPrompt,
    id: i64,
    before: Values,
    saved: Values,
) -> Callback<()> {
    Callback::new(move |()| {
        let (api, toasts, before, saved) = (api.clone(), toasts.clone(), before.clone(), saved.clone());
        spawn_local(async move {
            let current = match api.read_account(id, None).await {
                Ok(account) => saved_values(&account),
                Err(error) => return toasts.failure(format!("Could not undo: {error}")),
            };
            let undo = merge(&saved, &undo_target(&saved, &before, &model::changed(&before, &saved)), &current);
            if !undo.conflicts.is_empty() {
                return prompt.ask(id, undo, current);
            }
            write_undo(&api, &toasts, id, &current, &undo.merged).await;
        });
    })
}

async fn write_undo(api: &ApiClient, toasts: &Toasts, id: i64, current: &Values, target: &Values) {
    match patch_between(current, target) {
        None => toasts.success("Nothing to undo."),
        Some(patch) => match api.update_account(id, &patch).await {
            Ok(()) => toasts.success("Undone: the previous values are back."),
            Err(error) => toasts.failure(format!("Could not undo: {error}")),
        },
    }
}

/// `current` with the `changed` keys set back to `before`.
pub fn undo_target(current: &Values, before: &Values, changed: &std::collections::BTreeSet<model::Key>) -> Values {
    let mut target = current.clone();
    for key in changed {
        match before.get(key) {
            Some(value) => target.insert(*key, value.clone()),
            None => target.remove(key),
        };
    }
    target
}

/// The conflict prompt of an undo, shown over whatever page is open (the
/// form is gone by then).
#[derive(Clone, Copy, Debug, Default)]
pub struct UndoPrompt(RwSignal<Option<(i64, Merge, Values)>>);

impl UndoPrompt {
    fn ask(self, id: i64, merge: Merge, current: Values) {
        let _ = self.0.try_set(Some((id, merge, current)));
    }
}

/// Where an undo's conflicts are settled; mounted once beside the pages.
#[component]
pub fn UndoConflicts() -> impl IntoView {
    let prompt = expect_context::<UndoPrompt>();
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    move || {
        prompt.0.get().map(|(id, merge, current)| {
            let (api, toasts) = (api.clone(), toasts.clone());
            let settle = Callback::new(move |settled: Merge| {
                prompt.0.set(None);
                let (api, toasts, current) = (api.clone(), toasts.clone(), current.clone());
                spawn_local(async move { write_undo(&api, &toasts, id, &current, &settled.merged).await });
            });
            view! { <ConflictPrompt merge on_settle=settle on_cancel=move |()| prompt.0.set(None) /> }
        })
    }
}

#[cfg(test)]
mod tests {
    use account_model::Field;

    use super::*;
    use crate::pages::account_form::model::Key;

    #[test]
    fn undo_puts_back_just_the_fields_the_save_changed() {
        let value = |pairs: &[(Field, &str)]| -> Values {
            pairs.iter().map(|(f, v)| (Key::Field(*f), v.to_string())).collect()
        };
        let before = value(&[(Field::Name, "Acme"), (Field::Rating, "Warm")]);
        let saved = value(&[(Field::Name, "Acme"), (Field::Rating, "Hot"), (Field::Industry, "Tools")]);
        let target = undo_target(&saved, &before, &model::changed(&before, &saved));
        assert_eq!(target, before);
        // Someone changed the name meanwhile: undo leaves it and reverts the rest.
        let current = value(&[(Field::Name, "Acme Inc"), (Field::Rating, "Hot"), (Field::Industry, "Tools")]);
        let undo = merge(&saved, &target, &current);
        assert!(undo.conflicts.is_empty());
        let patch = serde_json::to_value(patch_between(&current, &undo.merged).unwrap()).unwrap();
        assert_eq!(patch, serde_json::json!({"rating": "Warm", "industry": null}));
        // Someone changed the rating again: that is a conflict for the user.
        let current = value(&[(Field::Name, "Acme"), (Field::Rating, "Cold"), (Field::Industry, "Tools")]);
        assert_eq!(merge(&saved, &target, &current).conflicts.len(), 1);
    }
}
