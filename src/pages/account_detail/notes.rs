//! The account's notes, newest first, and the form to add one. What was typed
//! stays until it is saved.

use account_model::{Note, NoteInput, session::Permission};
use leptos::{either::Either, prelude::*};

use crate::{
    api::ApiClient,
    components::{RoleNote, Toasts, role},
    format::now_ms,
    pages::account_detail::{DetailAction, Shown, failure_text, newest_first, sections::when_and_who},
};

/// The notes newest first (the API sends them oldest first).
pub fn notes_newest_first(notes: &[Note]) -> Vec<Note> {
    newest_first(notes, |note| (note.created_date, note.id))
}

/// The notes, newest first, and the form to add one.
#[component]
pub fn Notes(shown: Shown) -> impl IntoView {
    let notes = Memo::new(move |_| shown.account.with(|a| notes_newest_first(a.notes.as_deref().unwrap_or_default())));
    view! {
        <section class="card notes" aria-labelledby="notes-title">
            <h2 id="notes-title">"Notes"</h2>
            <NoteForm shown />
            {move || {
                let notes = notes.get();
                if notes.is_empty() {
                    Either::Left(view! { <p class="empty">"No notes yet."</p> })
                } else {
                    Either::Right(view! {
                        <ol class="note-list">{notes.into_iter().map(|note| view! { <NoteItem note /> }).collect_view()}</ol>
                    })
                }
            }}
        </section>
    }
}

#[component]
fn NoteItem(note: Note) -> impl IntoView {
    let meta = when_and_who(note.created_date, note.created_by.as_deref(), now_ms());
    view! {
        <li class="note">
            <h3 class="note-name">{note.name}</h3>
            {note.description.filter(|d| !d.trim().is_empty()).map(|d| view! { <p class="note-description">{d}</p> })}
            {meta.map(|meta| view! { <p class="meta">{meta}</p> })}
        </li>
    }
}

/// Name (required) and description. What was typed stays until it is saved.
#[component]
fn NoteForm(shown: Shown) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let toasts = expect_context::<Toasts>();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    let save = Action::new_local(move |note: &NoteInput| {
        let (api, toasts, note) = (api.clone(), toasts.clone(), note.clone());
        async move {
            match api.add_note(shown.id, &note).await {
                Ok(()) => {
                    name.set(String::new());
                    description.set(String::new());
                    toasts.success(format!("Note “{}” added.", note.name));
                    let signed_in = shown.user_name();
                    shown.account.update(|a| {
                        a.notes.get_or_insert_with(Vec::new).push(Note {
                            id: None,
                            name: note.name,
                            description: note.description,
                            created_date: Some(now_ms()),
                            created_by: signed_in,
                        })
                    });
                    shown.refresh();
                }
                Err(error) => form_error.set(Some(failure_text(DetailAction::AddNote, &error, None))),
            }
        }
    });
    let pending = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let typed = name.get_untracked();
        if typed.trim().is_empty() {
            name_error.set(Some("Enter a name for the note.".into()));
            return;
        }
        name_error.set(None);
        let description = Some(description.get_untracked()).filter(|d| !d.trim().is_empty());
        save.dispatch(NoteInput { name: typed.trim().to_string(), description });
    };
    let cannot_write = role::denied(Permission::WriteAccounts);
    view! {
        <form class="note-form" on:submit=submit novalidate>
            <h3>"Add a note"</h3>
            <RoleNote permission=Permission::WriteAccounts />
            {move || form_error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <fieldset class="plain" prop:disabled=cannot_write>
            <div class="field">
                <label for="note-name">"Name"</label>
                <input
                    id="note-name"
                    name="note-name"
                    required
                    aria-invalid=move || name_error.get().is_some().to_string()
                    aria-describedby="note-name-error"
                    prop:value=name
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p class="field-error" id="note-name-error" role="alert">{move || name_error.get()}</p>
            </div>
            <div class="field">
                <label for="note-description">"Description"</label>
                <textarea
                    id="note-description"
                    name="note-description"
                    rows="3"
                    prop:value=description
                    on:input=move |ev| description.set(event_target_value(&ev))
                ></textarea>
            </div>
            <button type="submit" prop:disabled=move || pending.get() title=role::reason(Permission::WriteAccounts)>
                {move || if pending.get() { "Saving…" } else { "Add note" }}
            </button>
            </fieldset>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: Option<i64>, name: &str, created: Option<i64>) -> Note {
        Note { id, name: name.into(), description: None, created_date: created, created_by: None }
    }

    #[test]
    fn notes_come_newest_first_by_date_then_id_then_the_apis_order() {
        let notes = [
            note(Some(1), "first", Some(100)),
            note(Some(2), "second", Some(200)),
            note(Some(3), "third", Some(200)),
            note(None, "undated", None),
        ];
        let names: Vec<String> = notes_newest_first(&notes).into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["third", "second", "first", "undated"]);
        let undated = [note(None, "old", None), note(None, "new", None)];
        let names: Vec<String> = notes_newest_first(&undated).into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["new", "old"], "the API sends oldest first");
    }
}
