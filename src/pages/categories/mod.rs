//! `/classifications` and `/types`: one page for both kinds. A list ordered
//! by level; create (a chosen level is a second call), rename inline (Enter
//! saves, Escape cancels; the category is read again first, to catch a
//! rename made meanwhile), reorder (Move up / Move down, or drag and drop;
//! only the levels that change are written, one call each), and delete after
//! saying how many accounts use it. None of this is atomic: after several
//! calls the list is read again and shows what the API holds, saying which
//! change did not land. Every change refreshes the shared category cache, so
//! no other page shows a stale name.
//!
//! `plan.rs` works out names, levels and wording (pure).

pub mod plan;

use account_model::{
    Category, CategoryPatch, PageQuery, SearchCriteria, SearchRequest, fields::Field, session::Permission,
};
use leptos::{ev, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

use crate::{
    api::{ApiClient, ApiError, start_now},
    browser,
    categories::{Categories, CategoryKind},
    components::{ConfirmDialog, ErrorPanel, Loading, RoleNote, first_api_error, role},
    pages::{
        accounts::state::{Criterion, ListState},
        categories::plan::{check_name, dropped, level_updates, moved, usage_text},
    },
    routes::Page,
};

/// The title and the field accounts refer to a category by.
fn facts(kind: CategoryKind) -> (&'static str, Field) {
    match kind {
        CategoryKind::Classification => ("Classifications", Field::ClassificationId),
        CategoryKind::Type => ("Account types", Field::TypeId),
    }
}

/// What the parts of the page share.
#[derive(Clone, Copy)]
struct PageContext {
    kind: CategoryKind,
    /// The shared cache every other page reads names from.
    cache: Categories,
    items: LocalResource<Result<Vec<Category>, ApiError>>,
    /// What the last change said (an outcome or why it failed).
    status: RwSignal<Option<Status>>,
    renaming: RwSignal<Option<i64>>,
    busy: RwSignal<bool>,
}

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Done(String),
    Failed(String),
    /// Refused because accounts use it: the words and the search that shows them.
    InUse(String, String),
}

impl std::fmt::Debug for PageContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageContext").field("kind", &self.kind).finish_non_exhaustive()
    }
}

impl PageContext {
    /// Reads the list again, here and in the shared cache.
    fn reload(self) {
        self.items.refetch();
        self.cache.refresh(self.kind);
    }

    fn current(self) -> Vec<Category> {
        self.items.get_untracked().and_then(Result::ok).unwrap_or_default()
    }
}

#[component]
pub fn CategoriesPage(kind: CategoryKind) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let (title, _) = facts(kind);
    browser::set_title(&[title]);
    let items = LocalResource::new(move || {
        let api = api.clone();
        start_now(async move { api.list_categories(kind).await })
    });
    let page = PageContext {
        kind,
        cache: expect_context::<Categories>(),
        items,
        status: RwSignal::new(None),
        renaming: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| {
        view! { <ErrorPanel error=first_api_error(&errors.get()) on_retry=move |()| items.refetch() /> }
    };
    view! {
        <section class="categories">
            <h1>{title}</h1>
            <RoleNote permission=Permission::WriteCategories />
            <CreateForm page />
            {move || page.status.get().map(|status| match status {
                Status::Done(text) => view! { <p class="status-done" role="status">{text}</p> }.into_any(),
                Status::Failed(text) => view! { <p class="form-error" role="alert">{text}</p> }.into_any(),
                Status::InUse(text, href) => view! {
                    <p class="form-error" role="alert">{text} " " <a href=href>"Show those accounts"</a></p>
                }
                .into_any(),
            })}
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback>
                    {move || Suspend::new(async move { items.await.map(|list| view! { <CategoryTable list page /> }) })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// A name (and optionally a level) for a new one.
#[component]
fn CreateForm(page: PageContext) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let name = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let noun = page.kind.noun();
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let checked = check_name(&name.get_untracked(), &page.current(), None);
        let wanted_level = level.get_untracked().trim().to_string();
        let level_number = match wanted_level.as_str() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                _ => return error.set(Some("The level is a whole number, 0 or more.".into())),
            },
        };
        let name_text = match checked {
            Ok(name) => name,
            Err(message) => {
                browser::focus_when_ready("#new-category-name");
                return error.set(Some(message.into()));
            }
        };
        error.set(None);
        page.busy.set(true);
        let api = api.clone();
        spawn_local(async move {
            let outcome = match api.create_category(page.kind, &name_text).await {
                Ok(created) => match level_number {
                    // The API takes a name only: the level is a second call.
                    Some(level) => match api
                        .update_category(page.kind, created.id, &CategoryPatch { name: None, level: Some(level) })
                        .await
                    {
                        Ok(()) => Ok(format!("Created {name_text} at level {level}.")),
                        Err(e) => Ok(format!("Created {name_text}, but its level could not be set: {e}")),
                    },
                    None => Ok(format!("Created {name_text}.")),
                },
                Err(e) => Err(e),
            };
            let _ = page.busy.try_set(false);
            match outcome {
                Ok(said) => {
                    name.set(String::new());
                    level.set(String::new());
                    page.status.set(Some(Status::Done(said)));
                    page.reload();
                }
                Err(ApiError::Conflict(_)) => {
                    error.set(Some("That name is taken: names are unique whatever their case.".into()))
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let cannot = role::denied(Permission::WriteCategories);
    view! {
        <form class="create-category" on:submit=submit novalidate>
            <fieldset class="plain" prop:disabled=cannot>
                <div class="field">
                    <label for="new-category-name">{format!("New {noun}")}</label>
                    <input id="new-category-name" type="text" maxlength="255" prop:value=move || name.get()
                        on:input=move |ev| { name.set(event_target_value(&ev)); error.set(None); }
                        aria-invalid=move || error.get().is_some().to_string() aria-describedby="new-category-error" />
                </div>
                <div class="field level-field">
                    <label for="new-category-level">"Level (optional)"</label>
                    <input id="new-category-level" type="text" inputmode="numeric" prop:value=move || level.get() on:input=move |ev| level.set(event_target_value(&ev)) />
                </div>
                <button type="submit" prop:disabled=move || page.busy.get() title=role::reason(Permission::WriteCategories)>"Create"</button>
            </fieldset>
            <p class="field-error" id="new-category-error" role="alert">{move || error.get()}</p>
        </form>
    }
}

/// The list, ordered by level, with one listener for every row's buttons.
#[component]
fn CategoryTable(list: Vec<Category>, page: PageContext) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    if list.is_empty() {
        return view! { <p class="empty">{format!("No {} yet.", page.kind.noun())}</p> }.into_any();
    }
    let order: Vec<i64> = list.iter().map(|c| c.id).collect();
    let items = StoredValue::new(list.clone());
    let order = StoredValue::new(order);
    let confirming = RwSignal::new(None::<(i64, String, String)>);
    let dragged = StoredValue::new(None::<i64>);
    let cannot = role::denied(Permission::WriteCategories);

    let reorder = {
        let api = api.clone();
        move |new_order: Vec<i64>, moved_id: i64| {
            let updates = level_updates(&items.get_value(), &new_order);
            if updates.is_empty() {
                return;
            }
            page.busy.set(true);
            let api = api.clone();
            let name_of = move |id: i64| {
                items.with_value(|all| all.iter().find(|c| c.id == id).map(|c| c.name.clone())).unwrap_or_default()
            };
            spawn_local(async move {
                let mut failed = Vec::new();
                for (id, level) in updates {
                    let patch = CategoryPatch { name: None, level: Some(level) };
                    if let Err(error) = api.update_category(page.kind, id, &patch).await {
                        failed.push(format!("{} could not move ({error})", name_of(id)));
                    }
                }
                let _ = page.busy.try_set(false);
                let said = if failed.is_empty() {
                    Status::Done(format!("Moved {}.", name_of(moved_id)))
                } else {
                    Status::Failed(format!(
                        "The new order did not fully land: {}. The list shows the order the API now holds.",
                        failed.join("; ")
                    ))
                };
                let _ = page.status.try_set(Some(said));
                page.reload();
                browser::focus_when_ready(format!("tr[data-id='{moved_id}'] button[data-action=up]"));
            });
        }
    };
    let ask_delete = {
        let api = api.clone();
        move |id: i64| {
            let api = api.clone();
            let name =
                items.with_value(|all| all.iter().find(|c| c.id == id).map(|c| c.name.clone())).unwrap_or_default();
            spawn_local(async move {
                let (count, capped) = usage(&api, page.kind, id).await.unwrap_or((0, false));
                let _ = confirming.try_set(Some((id, name, usage_text(count, capped))));
            });
        }
    };
    let delete = {
        let api = api.clone();
        move |()| {
            let Some((id, name, usage)) = confirming.get_untracked() else { return };
            confirming.set(None);
            page.busy.set(true);
            let api = api.clone();
            spawn_local(async move {
                let outcome = api.delete_category(page.kind, id).await;
                let _ = page.busy.try_set(false);
                let said = match outcome {
                    Ok(()) => Status::Done(format!("Deleted {name}.")),
                    Err(ApiError::Conflict(_)) => Status::InUse(
                        format!(
                            "{name} was not deleted: {}. Give those accounts another {} first.",
                            usage.to_lowercase(),
                            page.kind.noun()
                        ),
                        accounts_using(page.kind, id),
                    ),
                    Err(error) => Status::Failed(format!("{name} was not deleted: {error}")),
                };
                let _ = page.status.try_set(Some(said));
                page.reload();
                browser::focus_when_ready("#new-category-name");
            });
        }
    };
    let on_click = {
        let (reorder, ask_delete) = (reorder.clone(), ask_delete.clone());
        move |ev: ev::MouseEvent| {
            let Some(button) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("button[data-action]").ok().flatten())
            else {
                return;
            };
            let Some(id) = button
                .closest("tr[data-id]")
                .ok()
                .flatten()
                .and_then(|r| r.get_attribute("data-id"))
                .and_then(|i| i.parse().ok())
            else {
                return;
            };
            match button.get_attribute("data-action").as_deref() {
                Some("up") => reorder(moved(&order.get_value(), id, -1), id),
                Some("down") => reorder(moved(&order.get_value(), id, 1), id),
                Some("rename") => page.renaming.set(Some(id)),
                Some("delete") => ask_delete(id),
                _ => {}
            }
        }
    };
    // Alt+Arrow keys move the row whose control has focus: the keyboard's
    // drag and drop.
    let on_keydown = {
        let reorder = reorder.clone();
        move |ev: ev::KeyboardEvent| {
            let delta = match ev.key().as_str() {
                "ArrowUp" if ev.alt_key() => -1,
                "ArrowDown" if ev.alt_key() => 1,
                _ => return,
            };
            let id = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("tr[data-id]").ok().flatten())
                .and_then(|r| r.get_attribute("data-id"))
                .and_then(|i| i.parse().ok());
            if let Some(id) = id
                && !cannot()
            {
                ev.prevent_default();
                reorder(moved(&order.get_value(), id, delta), id);
            }
        }
    };
    let row_id = |ev: &ev::DragEvent| -> Option<i64> {
        ev.target()?
            .dyn_into::<web_sys::Element>()
            .ok()?
            .closest("tr[data-id]")
            .ok()??
            .get_attribute("data-id")?
            .parse()
            .ok()
    };
    let on_dragstart = move |ev: ev::DragEvent| dragged.set_value(row_id(&ev));
    let on_dragover = move |ev: ev::DragEvent| ev.prevent_default();
    let on_drop = {
        let reorder = reorder.clone();
        move |ev: ev::DragEvent| {
            ev.prevent_default();
            if let (Some(id), Some(before)) = (dragged.get_value(), row_id(&ev))
                && id != before
                && !cannot()
            {
                reorder(dropped(&order.get_value(), id, before), id);
            }
        }
    };
    let last = list.len().saturating_sub(1);
    let rows = list
        .into_iter()
        .enumerate()
        .map(|(index, category)| view! { <CategoryRow category first=index == 0 last=index == last page /> })
        .collect_view();
    view! {
        <table class="data categories-table" on:click=on_click on:keydown=on_keydown on:dragstart=on_dragstart on:dragover=on_dragover on:drop=on_drop>
            <thead><tr><th scope="col">"Level"</th><th scope="col">"Name"</th><th scope="col">"ID"</th><th scope="col">"Actions"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="hint">"Drag a row to move it, or use Move up and Move down (Alt+Up and Alt+Down on a row)."</p>
        {move || confirming.get().map(|(_, name, usage)| view! {
            <ConfirmDialog
                title=format!("Delete {name}?")
                message=format!("{usage}. Deleting cannot be undone.")
                confirm_label="Delete"
                on_confirm=delete.clone()
                on_cancel=move |()| confirming.set(None)
            />
        })}
    }
    .into_any()
}

#[component]
fn CategoryRow(category: Category, first: bool, last: bool, page: PageContext) -> impl IntoView {
    let id = category.id;
    let cannot = role::denied(Permission::WriteCategories);
    let why = role::reason(Permission::WriteCategories);
    let name = category.name.clone();
    // Each name starts with the button's visible text (WCAG 2.5.3, label in
    // name), so that a voice user saying "Move up" reaches it.
    let (up, down, rename, delete) =
        (format!("Move up {name}"), format!("Move down {name}"), format!("Rename {name}"), format!("Delete {name}"));
    let renaming = move || page.renaming.get() == Some(id);
    let level = category.level.map(|l| l.to_string()).unwrap_or_default();
    view! {
        <tr data-id=id.to_string() draggable=move || (!cannot()).to_string()>
            <td>{level}</td>
            <td class="name">
                {move || if renaming() {
                    view! { <RenameInput category=category.clone() page /> }.into_any()
                } else {
                    view! { <span>{name.clone()}</span> }.into_any()
                }}
            </td>
            <td>{id}</td>
            <td class="actions">
                <button type="button" class="secondary" data-action="up" prop:disabled=move || first || cannot() title=why aria-label=up>"Move up"</button>
                <button type="button" class="secondary" data-action="down" prop:disabled=move || last || cannot() title=why aria-label=down>"Move down"</button>
                <button type="button" class="secondary" data-action="rename" prop:disabled=cannot title=why aria-label=rename>"Rename"</button>
                <button type="button" class="danger" data-action="delete" prop:disabled=cannot title=why aria-label=delete>"Delete"</button>
            </td>
        </tr>
    }
}

/// Renaming in place: Enter saves, Escape cancels.
#[component]
fn RenameInput(category: Category, page: PageContext) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let text = RwSignal::new(category.name.clone());
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
            input.select();
        }
    });
    let shown_name = category.name.clone();
    let id = category.id;
    let save = move || {
        let name = match check_name(&text.get_untracked(), &page.current(), Some(id)) {
            Ok(name) => name,
            Err(message) => return error.set(Some(message.into())),
        };
        if name == shown_name {
            return page.renaming.set(None);
        }
        let (api, shown_name) = (api.clone(), shown_name.clone());
        spawn_local(async move {
            // Read it again: a rename made meanwhile must not be overwritten unseen.
            match api.read_category(page.kind, id).await {
                Ok(now) if now.name != shown_name => {
                    error.set(Some(format!("Someone renamed it to {} meanwhile; yours was not saved.", now.name)));
                    page.reload();
                    return;
                }
                Err(ApiError::NotFound(_)) => {
                    error.set(Some("It was deleted meanwhile.".into()));
                    return page.reload();
                }
                _ => {}
            }
            match api.update_category(page.kind, id, &CategoryPatch { name: Some(name.clone()), level: None }).await {
                Ok(()) => {
                    page.renaming.set(None);
                    page.status.set(Some(Status::Done(format!("Renamed {shown_name} to {name}."))));
                    page.reload();
                }
                Err(ApiError::Conflict(_)) => {
                    error.set(Some("That name is taken: names are unique whatever their case.".into()))
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let on_keydown = move |ev: ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            save();
        }
        "Escape" => {
            ev.prevent_default();
            page.renaming.set(None);
        }
        _ => {}
    };
    let error_id = format!("rename-{id}-error");
    view! {
        <label class="offscreen" for=format!("rename-{id}")>{format!("New name for {}", category.name)}</label>
        <input id=format!("rename-{id}") class="rename" type="text" maxlength="255" node_ref=input prop:value=move || text.get()
            on:input=move |ev| { text.set(event_target_value(&ev)); error.set(None); }
            on:keydown=on_keydown aria-invalid=move || error.get().is_some().to_string() aria-describedby=error_id.clone() />
        <span class="hint">"Enter saves, Escape cancels"</span>
        <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
    }
}

/// How many accounts use the category: one search of up to 1000 (the API
/// gives no total), and whether there are more.
async fn usage(api: &ApiClient, kind: CategoryKind, id: i64) -> Result<(usize, bool), ApiError> {
    let (_, field) = facts(kind);
    let mut criteria = SearchCriteria::default();
    criteria.set_exact(field, Some(account_model::fields::Value::Int(id)));
    let request = SearchRequest { search: Some(criteria), sort: None };
    let page = api.search_accounts(&request, PageQuery { count: 1000, offset: 0 }, None).await?;
    Ok((page.accounts.len(), page.has_next()))
}

/// The list's address showing the accounts that use the category.
fn accounts_using(kind: CategoryKind, id: i64) -> String {
    let (_, field) = facts(kind);
    Page::Accounts(ListState::default().with_filter(Criterion::matching(field), &id.to_string())).href()
}
