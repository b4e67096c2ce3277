//! The list of categories in the order shown, with one delegated listener for
//! every row's buttons, the keyboard's moves and drag and drop; the offer to
//! renumber levels with ties or gaps; renaming in place.

use account_model::{Category, CategoryPatch, session::Permission};
use leptos::{ev, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

use crate::{
    api::{ApiError, outcome::Settled},
    components::role,
    domain::messages,
    pages::categories::{
        PageContext, Status, delete,
        model::{check_name, dense_updates, dropped, is_dense, moved},
        work,
    },
    platform::browser,
};

/// The row (`tr[data-id]`) an event happened in.
fn row_id(target: Option<web_sys::EventTarget>) -> Option<i64> {
    target?.dyn_into::<web_sys::Element>().ok()?.closest("tr[data-id]").ok()??.get_attribute("data-id")?.parse().ok()
}

/// Writes the levels that give the list `order`, saying `done` when all landed.
fn reorder(page: PageContext, items: StoredValue<Vec<Category>>, order: Vec<i64>, done: String, focus: Option<i64>) {
    let items = items.get_value();
    if page.busy.get_untracked() || dense_updates(&items, &order).is_empty() {
        return;
    }
    page.begin();
    let (api, tell) = (page.api(), page.teller());
    spawn_local(async move {
        let said = work::write_order(page, &api, &items, &order, done).await;
        tell(said);
        if let Some(id) = focus {
            browser::focus_when_ready(format!("tr[data-id='{id}'] button[data-action=up]"));
        }
    });
}

/// The list, in the order shown.
#[component]
pub(super) fn CategoryTable(list: Vec<Category>, page: PageContext) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">{format!("No {} yet.", page.kind.noun())}</p> }.into_any();
    }
    let order = StoredValue::new(list.iter().map(|c| c.id).collect::<Vec<i64>>());
    let tidy = is_dense(&list);
    let items = StoredValue::new(list.clone());
    let dragged = StoredValue::new(None::<i64>);
    let cannot = role::denied(Permission::WriteCategories);
    let move_by = move |id: i64, delta: isize| {
        reorder(page, items, moved(&order.get_value(), id, delta), format!("Moved {}.", page.name_of(id)), Some(id));
    };
    let on_click = move |ev: ev::MouseEvent| {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("button[data-action]").ok().flatten());
        let (Some(button), Some(id)) = (button, row_id(ev.target())) else { return };
        // One action at a time: a run under way has the list's levels in hand.
        if page.busy.get_untracked() {
            return;
        }
        match button.get_attribute("data-action").as_deref() {
            Some("up") => move_by(id, -1),
            Some("down") => move_by(id, 1),
            Some("rename") => page.renaming.set(Some(id)),
            Some("delete") => delete::ask(page, id),
            _ => {}
        }
    };
    // Alt+Arrow keys move the row whose control has focus: the keyboard's
    // drag and drop.
    let on_keydown = move |ev: ev::KeyboardEvent| {
        let delta = match ev.key().as_str() {
            "ArrowUp" if ev.alt_key() => -1,
            "ArrowDown" if ev.alt_key() => 1,
            _ => return,
        };
        if let Some(id) = row_id(ev.target())
            && !cannot()
        {
            ev.prevent_default();
            move_by(id, delta);
        }
    };
    let on_dragstart = move |ev: ev::DragEvent| dragged.set_value(row_id(ev.target()));
    let on_dragover = move |ev: ev::DragEvent| ev.prevent_default();
    let on_drop = move |ev: ev::DragEvent| {
        ev.prevent_default();
        if let (Some(id), Some(before)) = (dragged.get_value(), row_id(ev.target()))
            && id != before
            && !cannot()
        {
            reorder(
                page,
                items,
                dropped(&order.get_value(), id, before),
                format!("Moved {}.", page.name_of(id)),
                Some(id),
            );
        }
    };
    let renumber = move |_| {
        let count = order.with_value(Vec::len);
        reorder(page, items, order.get_value(), format!("Renumbered the levels 1 to {count}."), None);
    };
    let untidy = (!tidy).then(|| {
        view! {
            <div class="levels-untidy">
                <p>"Some levels repeat or skip a number (the API allows both), so this list is ordered by level, then name."</p>
                <button type="button" class="secondary" prop:disabled=cannot title=role::reason(Permission::WriteCategories) on:click=renumber>
                    {format!("Renumber 1 to {}", list.len())}
                </button>
            </div>
        }
    });
    let last = list.len().saturating_sub(1);
    let rows = list
        .into_iter()
        .enumerate()
        .map(|(index, category)| view! { <CategoryRow category first=index == 0 last=index == last page /> })
        .collect_view();
    view! {
        {untidy}
        <table class="data categories-table" on:click=on_click on:keydown=on_keydown on:dragstart=on_dragstart on:dragover=on_dragover on:drop=on_drop>
            <thead><tr><th scope="col">"Level"</th><th scope="col">"Name"</th><th scope="col">"ID"</th><th scope="col">"Actions"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        // Only for those who may move rows; the role note above says why others cannot.
        {move || (!cannot()).then(|| view! {
            <p class="hint">"Drag a row to move it, or use Move up and Move down (Alt+Up and Alt+Down on a row)."</p>
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
    let text = RwSignal::new(category.name.clone());
    let error = RwSignal::new(None::<String>);
    // One status at a time: a refusal here replaces the page's.
    let refuse = move |message: String| {
        page.status.set(None);
        error.set(Some(message));
    };
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
            Err(message) => return refuse(message.into()),
        };
        if name == shown_name {
            return page.renaming.set(None);
        }
        let (api, shown_name) = (page.api(), shown_name.clone());
        spawn_local(async move {
            // Read it again: a rename made meanwhile must not be overwritten unseen.
            match api.read_category(page.kind, id).await {
                // An earlier try whose answer was lost landed.
                Ok(now) if now.name == name => {
                    page.renaming.set(None);
                    page.say(Status::Done(format!("Renamed {shown_name} to {name}.")));
                    return page.reload();
                }
                Ok(now) if now.name != shown_name => {
                    refuse(format!("Someone renamed it to {} meanwhile; yours was not saved.", now.name));
                    return page.reload();
                }
                Err(ApiError::NotFound(_)) => {
                    refuse("It was deleted meanwhile.".into());
                    return page.reload();
                }
                _ => {}
            }
            match api.update_category(page.kind, id, &CategoryPatch { name: Some(name.clone()), level: None }).await {
                Ok(()) => {
                    page.renaming.set(None);
                    page.say(Status::Done(format!("Renamed {shown_name} to {name}.")));
                    page.reload();
                }
                Err(ApiError::Conflict(_)) => {
                    refuse("That name is taken: names are unique whatever their case.".into());
                    page.reload();
                }
                // No clear answer: a read of it says whether it holds the new name.
                Err(error) if error.may_have_landed() => {
                    let settled: Settled<()> = match api.read_category(page.kind, id).await {
                        Ok(now) if now.name == name => Settled::LandedAfterAll,
                        Ok(_) => Settled::NotLanded(error),
                        Err(look) => Settled::Unknown { error, look },
                    };
                    let said = messages::settled(&format!("The rename of {shown_name} to {name}"), "saved", &settled);
                    let said = said.unwrap_or_default();
                    if settled == Settled::LandedAfterAll {
                        page.renaming.set(None);
                        page.say(Status::Done(said));
                    } else {
                        refuse(said);
                    }
                    page.reload();
                }
                Err(e) => refuse(e.to_string()),
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
