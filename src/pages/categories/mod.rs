//! `/classifications` and `/types`: one page for both kinds. The list is
//! shown by level, then name; create (at the end, or at a level: the later
//! ones move down), rename inline (Enter saves, Escape cancels; the category
//! is read again first, to catch a rename made meanwhile), reorder (Move up /
//! Move down, or drag and drop), and delete: one that no account uses after
//! a question, one in use never (the dialog links to its accounts and offers
//! to move them to another, or to none, then delete it).
//!
//! The levels the console writes are always 1..n in the order shown: a move
//! swaps two, a deletion closes its gap; a list that arrives with ties or
//! gaps is offered a renumbering. Every run of writes (levels, moving
//! accounts) goes through the write runner with progress, Stop and a report.
//! One status at a time says how the last action went; after it the list is
//! read again (here and in the shared category cache, so no other page shows
//! a stale name) and shows what the API holds.
//!
//! - `model.rs`: names, levels and wording (pure);
//! - `table.rs`: the list, its one delegated listener, renaming;
//! - `delete.rs`: the delete dialog;
//! - `work.rs`: the runs of writes and the reads they need.

mod delete;
pub mod model;
mod table;
mod work;

use account_model::{Category, fields::Field, session::Permission};
use leptos::{ev, prelude::*, task::spawn_local};

use crate::{
    api::{ApiClient, ApiError, Cancel, start_now},
    components::{ErrorPanel, LeaveGuard, Loading, RoleNote, Toasts, Unfinished, first_api_error, role},
    domain::categories::{Categories, CategoryKind},
    pages::categories::{
        delete::{DeleteDialog, Deleting},
        model::{check_level, check_name, shown_order},
        table::CategoryTable,
    },
    platform::browser,
    routes::Page,
    routes::list::ListState,
};

/// The title and the field accounts refer to a category by.
fn facts(kind: CategoryKind) -> (&'static str, Field) {
    let title = match kind {
        CategoryKind::Classification => "Classifications",
        CategoryKind::Type => "Account types",
    };
    (title, kind.field())
}

/// What the parts of the page share.
#[derive(Clone, Copy)]
struct PageContext {
    kind: CategoryKind,
    api: StoredValue<ApiClient, LocalStorage>,
    /// The shared cache every other page reads names from.
    cache: Categories,
    /// The list, in [`shown_order`].
    items: LocalResource<Result<Vec<Category>, ApiError>>,
    /// How the last action went: one at a time.
    status: RwSignal<Option<Status>>,
    /// Why the create form's name was refused, at its field.
    create_error: RwSignal<Option<String>>,
    renaming: RwSignal<Option<i64>>,
    /// A write or a run is under way.
    busy: RwSignal<bool>,
    /// Where a run stands.
    running: RwSignal<Option<Running>>,
    /// Stops the run under way.
    stop: StoredValue<Option<Cancel>, LocalStorage>,
    deleting: RwSignal<Option<Deleting>>,
    /// The ids of the accounts that use the category being deleted: kept
    /// apart from the dialog's state, which is cloned on every read.
    found: StoredValue<Vec<i64>>,
    /// Where a run says how it ended once the page was left.
    toasts: StoredValue<Toasts>,
}

/// How the last action went.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Done(String),
    /// With what did not land, one line each, and the list of the accounts
    /// that still use a category (an href) where that is the cause.
    Failed {
        text: String,
        details: Vec<String>,
        accounts: Option<String>,
    },
}

impl Status {
    fn failed(text: impl Into<String>) -> Status {
        Status::Failed { text: text.into(), details: Vec::new(), accounts: None }
    }
}

/// Where a run stands: `total` 0 while it is not known.
#[derive(Clone, Debug, PartialEq)]
struct Running {
    done: usize,
    total: usize,
    text: String,
}

impl std::fmt::Debug for PageContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageContext").field("kind", &self.kind).finish_non_exhaustive()
    }
}

impl PageContext {
    /// The client, for an action that starts now: work that goes on after
    /// an await takes it here, at its start, since the page (and this value)
    /// may be gone by the time an answer arrives.
    fn api(self) -> ApiClient {
        self.api.get_value()
    }

    /// Reads the list again, here and in the shared cache.
    fn reload(self) {
        self.items.refetch();
        self.cache.refresh(self.kind);
    }

    /// The list as shown (empty until read).
    fn current(self) -> Vec<Category> {
        self.items.try_get_untracked().flatten().and_then(Result::ok).unwrap_or_default()
    }

    fn name_of(self, id: i64) -> String {
        self.current().into_iter().find(|c| c.id == id).map(|c| c.name).unwrap_or_else(|| format!("ID {id}"))
    }

    /// An action starts: the last one's status goes.
    fn begin(self) {
        self.busy.set(true);
        self.status.set(None);
        self.create_error.set(None);
    }

    /// An action ended: says how, in place of anything said before.
    fn say(self, status: Status) {
        let _ = self.busy.try_set(false);
        let _ = self.create_error.try_set(None);
        let _ = self.status.try_set(Some(status));
    }

    /// [`PageContext::say`] for a run: answers a function that says how it
    /// ended here, or in a toast once the page was left (which stops it).
    fn teller(self) -> impl Fn(Status) {
        let toasts = self.toasts.get_value();
        move |status| match status {
            _ if !self.left() => self.say(status),
            Status::Done(text) => toasts.success(text),
            Status::Failed { text, details, .. } => {
                toasts.failure(std::iter::once(text).chain(details).collect::<Vec<_>>().join(" "))
            }
        }
    }

    /// Whether the page was left (its state is gone).
    fn left(self) -> bool {
        self.busy.try_get_untracked().is_none()
    }

    /// The create form's name was refused: said at the field alone.
    fn refuse_create(self, message: impl Into<String>) {
        let _ = self.busy.try_set(false);
        let _ = self.status.try_set(None);
        let _ = self.create_error.try_set(Some(message.into()));
    }
}

#[component]
pub fn CategoriesPage(kind: CategoryKind) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let (title, _) = facts(kind);
    browser::set_title(&[title]);
    let items = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            start_now(async move { api.list_categories(kind).await.map(shown_order) })
        }
    });
    let page = PageContext {
        kind,
        api: StoredValue::new_local(api),
        cache: expect_context::<Categories>(),
        items,
        status: RwSignal::new(None),
        create_error: RwSignal::new(None),
        renaming: RwSignal::new(None),
        busy: RwSignal::new(false),
        running: RwSignal::new(None),
        stop: StoredValue::new_local(None),
        deleting: RwSignal::new(None),
        found: StoredValue::new(Vec::new()),
        toasts: StoredValue::new(expect_context::<Toasts>()),
    };
    // Leaving the page stops a run between writes (its end is then said in
    // a toast: `PageContext::teller`).
    on_cleanup(move || {
        if let Some(Some(cancel)) = page.stop.try_get_value() {
            cancel.cancel();
        }
    });
    // Leaving while a run writes asks first.
    let sending = Signal::derive(move || page.running.with(Option::is_some).then_some(Unfinished::Writes));
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| {
        view! { <ErrorPanel error=first_api_error(&errors.get()) on_retry=move |()| items.refetch() /> }
    };
    view! {
        <section class="categories">
            <h1>{title}</h1>
            <RoleNote permission=Permission::WriteCategories />
            <CreateForm page />
            <RunProgress page />
            {move || page.status.get().map(|status| match status {
                Status::Done(text) => view! { <p class="status-done" role="status">{text}</p> }.into_any(),
                Status::Failed { text, details, accounts } => view! {
                    <div class="form-error" role="alert">
                        <p>{text} {accounts.map(|href| view! { " " <a href=href>"Show those accounts"</a> })}</p>
                        {(!details.is_empty()).then(|| view! {
                            <ul class="bulk-failures">{details.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                        })}
                    </div>
                }
                .into_any(),
            })}
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback>
                    {move || Suspend::new(async move { items.await.map(|list| view! { <CategoryTable list page /> }) })}
                </ErrorBoundary>
            </Transition>
            <DeleteDialog page />
            <LeaveGuard unfinished=sending />
        </section>
    }
}

/// A name, and optionally the level it takes among the others.
#[component]
fn CreateForm(page: PageContext) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let noun = page.kind.noun();
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let existing = page.current();
        let at = match check_level(&level.get_untracked(), existing.len()) {
            Ok(at) => at,
            Err(message) => return page.refuse_create(message),
        };
        let name_text = match check_name(&name.get_untracked(), &existing, None) {
            Ok(name) => name,
            Err(message) => {
                browser::focus_when_ready("#new-category-name");
                return page.refuse_create(message);
            }
        };
        page.begin();
        let (api, tell) = (page.api(), page.teller());
        spawn_local(async move {
            match work::create(page, &api, &name_text, at).await {
                Ok(said) => {
                    name.set(String::new());
                    level.set(String::new());
                    tell(said);
                }
                // Once the page is left, the refusal is told in a toast.
                Err(said) if page.left() => tell(Status::failed(said)),
                Err(said) => page.refuse_create(said),
            }
            // Whatever happened, the list shows what the API holds now (a name
            // taken meanwhile, one that may have been created).
            page.reload();
        });
    };
    let cannot = role::denied(Permission::WriteCategories);
    let error = page.create_error;
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

/// The run under way: how far, the time left, and Stop.
#[component]
fn RunProgress(page: PageContext) -> impl IntoView {
    let stop = move |_| {
        if let Some(Some(cancel)) = page.stop.try_get_value() {
            cancel.cancel();
        }
    };
    move || {
        page.running.get().map(|run| {
            let bar = match run.total {
                0 => view! { <progress aria-label="Progress"></progress> }.into_any(),
                total => view! { <progress max=total value=run.done aria-label="Progress"></progress> }.into_any(),
            };
            view! {
                <div class="runner-progress">
                    {bar}
                    <span role="status">{run.text}</span>
                    <button type="button" class="secondary stop" on:click=stop>"Stop"</button>
                </div>
            }
        })
    }
}

/// The list's address showing the accounts that use the category.
fn accounts_using(kind: CategoryKind, id: i64) -> String {
    let (_, field) = facts(kind);
    Page::Accounts(ListState::default().with_filter_text(field, &id.to_string())).href()
}
