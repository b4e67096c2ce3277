//! The account's notes, newest first, and the form to add one. What was typed
//! stays until it is known to be saved: a note whose answer was lost is
//! looked for (the account read again) before it may be sent again, so it is
//! never stored twice. A long note shows its first lines until "Show all".

use account_model::{Account, Note, NoteInput, session::Permission};
use leptos::{either::Either, ev, prelude::*};
use wasm_bindgen::JsCast;

use crate::{
    api::{
        ApiClient, ApiError,
        outcome::{Look, Looking, Order, Settled, never, write_once},
    },
    components::{RoleNote, Toasts, role},
    domain::format::now_ms,
    domain::messages,
    pages::account_detail::{DetailAction, Shown, failure_text, look_error, newest_first, sections::when_and_who},
};

/// The notes newest first (the API sends them oldest first).
pub fn notes_newest_first(notes: &[Note]) -> Vec<Note> {
    newest_first(notes, |note| (note.created_date, note.id))
}

/// A note's key in the keyed list: its id, or its place when it has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteKey {
    Id(i64),
    Place(usize),
}

/// The notes newest first, each with its key.
pub fn keyed_notes(notes: &[Note]) -> Vec<(NoteKey, Note)> {
    let newest = notes_newest_first(notes).into_iter().enumerate();
    newest.map(|(place, note)| (note.id.map_or(NoteKey::Place(place), NoteKey::Id), note)).collect()
}

/// A description longer than this many characters, or lines, shows its
/// first lines until "Show all" (style/main.css clamps it to as many lines).
const LONG_CHARS: usize = 400;
const LONG_LINES: usize = 6;

pub fn is_long(description: &str) -> bool {
    description.lines().count() > LONG_LINES || description.chars().count() > LONG_CHARS
}

/// How many notes of `account` read as `note` (the API trims what it stores).
pub fn copies_of(account: &Account, note: &NoteInput) -> usize {
    let text = |d: Option<&str>| d.map(str::trim).filter(|d| !d.is_empty()).map(str::to_string);
    let (name, description) = (note.name.trim(), text(note.description.as_deref()));
    let notes = account.notes.as_deref().unwrap_or_default();
    notes.iter().filter(|n| n.name.trim() == name && text(n.description.as_deref()) == description).count()
}

/// The notes, newest first, and the form to add one.
#[component]
pub fn Notes(shown: Shown) -> impl IntoView {
    let notes = Memo::new(move |_| shown.account.with(|a| keyed_notes(a.notes.as_deref().unwrap_or_default())));
    // The list is built again only when it comes or goes: a new note is one
    // more row of the keyed list, and an opened note stays open.
    let empty = Memo::new(move |_| notes.with(Vec::is_empty));
    view! {
        <section class="card notes" aria-labelledby="notes-title">
            <h2 id="notes-title">"Notes"</h2>
            <NoteForm shown />
            {move || {
                if empty.get() {
                    Either::Left(view! { <p class="empty">"No notes yet."</p> })
                } else {
                    Either::Right(view! {
                        <ol class="note-list" on:click=toggle_note>
                            <For each=move || notes.get() key=|(key, _)| *key children=|(_, note)| view! { <NoteItem note /> } />
                        </ol>
                    })
                }
            }}
        </section>
    }
}

#[component]
fn NoteItem(note: Note) -> impl IntoView {
    let meta = when_and_who(note.created_date, note.created_by.as_deref(), now_ms());
    let description = note.description.filter(|d| !d.trim().is_empty());
    let long = description.as_deref().is_some_and(is_long);
    view! {
        <li class=if long { "note long" } else { "note" }>
            <h3 class="note-name">{note.name}</h3>
            {description.map(|d| view! { <p class="note-description">{d}</p> })}
            {long.then(|| view! {
                <button type="button" class="secondary note-toggle" aria-expanded="false">"Show all"</button>
            })}
            {meta.map(|meta| view! { <p class="meta">{meta}</p> })}
        </li>
    }
}

/// Opens or closes a long note: one listener for the whole list.
fn toggle_note(ev: ev::MouseEvent) {
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let Some(button) = target.and_then(|t| t.closest(".note-toggle").ok().flatten()) else { return };
    let Some(note) = button.closest(".note").ok().flatten() else { return };
    let open = note.class_list().toggle("expanded").unwrap_or_default();
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    button.set_text_content(Some(if open { "Show less" } else { "Show all" }));
}

/// A note sent whose end nobody saw (its answer was lost and so was the
/// look): sending the same note again looks for it first.
#[derive(Clone, Debug)]
struct Unsettled {
    note: NoteInput,
    /// Its copies on the account before it was first sent.
    copies_before: usize,
    error: ApiError,
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
    let looking = RwSignal::new(None::<String>);
    let unsettled = StoredValue::new(None::<Unsettled>);

    let save = Action::new_local(move |note: &NoteInput| {
        let (api, toasts, note) = (api.clone(), toasts.clone(), note.clone());
        async move {
            let (order, copies_before) = match unsettled.get_value() {
                Some(earlier) if earlier.note == note => (Order::LookFirst(earlier.error), earlier.copies_before),
                // The note was changed since the try nobody saw end: that
                // one is looked for first, and this one is not sent on top
                // of it unasked.
                Some(earlier) => match api.read_account(shown.id, None).await.map_err(look_error) {
                    Err(error) => {
                        let said = format!(
                            "Nothing was sent: whether the note “{}” sent before was saved is still unknown ({error}).",
                            earlier.note.name
                        );
                        let _ = form_error.try_set(Some(said));
                        return;
                    }
                    Ok(account) => {
                        let landed = copies_of(&account, &earlier.note) > earlier.copies_before;
                        let copies = copies_of(&account, &note);
                        let _ = shown.account.try_set(account);
                        unsettled.set_value(None);
                        if landed {
                            let said = format!(
                                "The note “{}” sent before was saved after all. This one was not sent: Add note \
                                 adds it as well.",
                                earlier.note.name
                            );
                            let _ = form_error.try_set(Some(said));
                            return;
                        }
                        (Order::SendFirst, copies)
                    }
                },
                None => (Order::SendFirst, shown.account.with_untracked(|a| copies_of(a, &note))),
            };
            let subject = format!("Note “{}”", note.name);
            let look = || -> Looking<'_> {
                Box::pin(async {
                    let account = api.read_account(shown.id, None).await.map_err(look_error)?;
                    let copies = copies_of(&account, &note);
                    let _ = shown.account.try_set(account);
                    Ok(if copies > copies_before { Look::Landed } else { Look::Missing })
                })
            };
            let say_looking = |error: &ApiError| {
                let _ = looking.try_set(Some(messages::looking(&subject, "saved", error)));
            };
            let settled = write_once(order, Box::pin(api.add_note(shown.id, &note)), never, &say_looking, &look).await;
            let _ = looking.try_set(None);
            unsettled.set_value(match &settled {
                Settled::Unknown { error, .. } => {
                    Some(Unsettled { note: note.clone(), copies_before, error: error.clone() })
                }
                _ => None,
            });
            let saved = |text: String| {
                let _ = name.try_set(String::new());
                let _ = description.try_set(String::new());
                toasts.success(text);
            };
            match settled {
                Settled::Done(()) => {
                    saved(format!("Note “{}” added.", note.name));
                    let signed_in = shown.user_name();
                    let _ = shown.account.try_update(|a| {
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
                Settled::Refused(error) => {
                    let _ = form_error.try_set(Some(failure_text(DetailAction::AddNote, &error, None)));
                }
                // The look read the account: the list shows the note already.
                landed if landed.holds() => saved(messages::settled(&subject, "saved", &landed).unwrap_or_default()),
                other => {
                    let mut said = messages::settled(&subject, "saved", &other).unwrap_or_default();
                    if matches!(other, Settled::Unknown { .. }) {
                        said.push_str(" Add note looks for it before sending it again.");
                    }
                    let _ = form_error.try_set(Some(said));
                }
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
            {move || looking.get().map(|message| view! { <p class="looking" role="status">{message}</p> })}
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
                {move || if looking.get().is_some() { "Looking…" } else if pending.get() { "Saving…" } else { "Add note" }}
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

    #[test]
    fn notes_are_keyed_by_id_or_else_by_place() {
        let notes = [note(Some(4), "a", Some(100)), note(None, "just added", Some(300)), note(Some(9), "b", Some(200))];
        let keys: Vec<NoteKey> = keyed_notes(&notes).into_iter().map(|(key, _)| key).collect();
        assert_eq!(keys, [NoteKey::Place(0), NoteKey::Id(9), NoteKey::Id(4)]);
    }

    #[test]
    fn a_description_is_long_past_six_lines_or_four_hundred_characters() {
        assert!(!is_long("Two words."));
        assert!(!is_long(&"é".repeat(400)), "characters, not bytes");
        assert!(is_long(&"x".repeat(401)));
        assert!(!is_long("1\n2\n3\n4\n5\n6"));
        assert!(is_long("1\n2\n3\n4\n5\n6\n7"));
    }

    #[test]
    fn copies_of_a_note_are_counted_as_the_api_stores_text_trimmed() {
        let mut account = Account::default();
        let stored = |name: &str, description: Option<&str>| Note {
            description: description.map(str::to_string),
            ..note(Some(1), name, Some(1))
        };
        account.notes = Some(vec![
            stored("Call", Some("Back at 3")),
            stored("Call", None),
            stored("Call", Some("Other")),
            stored("Call", Some("Back at 3")),
        ]);
        let typed = |description: Option<&str>| NoteInput {
            name: " Call ".into(),
            description: description.map(str::to_string),
        };
        assert_eq!(copies_of(&account, &typed(Some("Back at 3\n"))), 2);
        assert_eq!(copies_of(&account, &typed(None)), 1);
        assert_eq!(copies_of(&account, &typed(Some("  "))), 1, "a blank description is none");
        assert_eq!(copies_of(&Account::default(), &typed(None)), 0);
    }
}
