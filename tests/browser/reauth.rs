//! An expired session mid-task: the sign-in dialog opens over the page, and
//! after signing in again the interrupted call goes through with the form as
//! it was; another user signing in there sends none of it.

use std::sync::{Arc, Mutex, PoisonError};

use account_admin::{
    api::{
        ApiClient, Cancel,
        categories::CategoryKind,
        runner::{self, BrowserPacing},
    },
    app::Providers,
    platform::session::DraftSlot,
};
use account_model::{AccountInput, AccountPatch, Patch};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::harness::{
    add_fault, click, config, container, expire, find, find_text, gone, signed_in_client, type_into, unique, value_of,
    wait_until,
};

/// What a test component last reported, kept outside the console: a new
/// user's console is built afresh, and the component with it.
type Outcome = Arc<Mutex<Option<String>>>;

fn outcome_of(outcome: &Outcome) -> Option<String> {
    outcome.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

/// A half-filled form that saves a classification.
#[component]
fn NameForm(outcome: Outcome) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let name = RwSignal::new(String::new());
    let save = Action::new_local(move |name: &String| {
        let (api, name, outcome) = (api.clone(), name.clone(), outcome.clone());
        async move {
            let said = match api.create_category(CategoryKind::Classification, &name).await {
                Ok(created) => format!("created {}", created.id),
                Err(error) => format!("failed: {error}"),
            };
            *outcome.lock().unwrap_or_else(PoisonError::into_inner) = Some(said.clone());
            said
        }
    });
    view! {
        <input id="name" bind:value=name />
        <button id="save" on:click=move |_| { save.dispatch(name.get_untracked()); }>"Save"</button>
        <p id="result">{move || save.value().get()}</p>
    }
}

fn mount() -> (Element, Outcome, impl Drop) {
    let root = container();
    let outcome = Outcome::default();
    let shown = outcome.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let outcome = shown.clone();
        view! { <Providers config=config()><NameForm outcome=outcome.clone() /></Providers> }
    });
    (root.into(), outcome, handle)
}

#[wasm_bindgen_test]
async fn after_expiry_signing_in_again_resumes_the_save_without_losing_input() {
    crate::harness::begin().await;
    let signed_in = signed_in_client("sysadmin").await;
    let session = signed_in.session_untracked().expect("a session");
    let (root, _, _mounted) = mount();
    let name = unique("Resumed");
    type_into(&root, "#name", &name);
    expire(&session.session_id).await;

    click(&root, "#save");
    let dialog = find(&root, "[role=dialog]").await;
    assert!(dialog.text_content().unwrap_or_default().contains("nothing you typed is lost"));
    assert_eq!(value_of(&dialog, "#sign-in-client"), "DEMO", "the dialog knows who was signed in");
    assert_eq!(value_of(&dialog, "#sign-in-username"), "sysadmin");
    assert_eq!(value_of(&root, "#name"), name, "the form under the dialog keeps its input");
    let focused = crate::harness::document().active_element().map(|e| e.id());
    assert_eq!(focused.as_deref(), Some("sign-in-password"), "the cursor waits in the password field");

    type_into(&dialog, "#sign-in-password", "demo");
    type_into(&dialog, "#sign-in-access-token", "demo-token");
    click(&dialog, "button[type=submit]");
    find_text(&root, "#result", "created").await;
    gone(&root, "[role=dialog]").await;
    assert_eq!(value_of(&root, "#name"), name);

    let fresh = signed_in_client("sysadmin").await;
    let all = fresh.list_categories(CategoryKind::Classification).await.expect("list");
    assert_eq!(all.iter().filter(|c| c.name == name).count(), 1, "saved exactly once");
}

#[wasm_bindgen_test]
async fn a_wrong_password_in_the_dialog_keeps_it_open_and_the_call_waiting() {
    crate::harness::begin().await;
    let signed_in = signed_in_client("sysadmin").await;
    let session = signed_in.session_untracked().expect("a session");
    let (root, outcome, _mounted) = mount();
    type_into(&root, "#name", &unique("Waiting"));
    expire(&session.session_id).await;
    click(&root, "#save");
    let dialog = find(&root, "[role=dialog]").await;
    type_into(&dialog, "#sign-in-password", "wrong");
    type_into(&dialog, "#sign-in-access-token", "demo-token");
    click(&dialog, "button[type=submit]");
    find_text(&dialog, ".form-error", "Wrong client name, user name or password.").await;
    assert_eq!(root.query_selector("#result").ok().flatten().and_then(|r| r.text_content()).unwrap_or_default(), "");

    click(&dialog, "button.secondary");
    let failed = wait_until(|| "the waiting call ends".into(), || outcome_of(&outcome)).await;
    assert!(failed.starts_with("failed:"), "{failed}");
    gone(&root, "[role=dialog]").await;
}

#[wasm_bindgen_test]
async fn a_call_whose_401_arrives_after_signing_in_again_is_resent_without_asking_again() {
    crate::harness::begin().await;
    let signed_in = signed_in_client("sysadmin").await;
    let session = signed_in.session_untracked().expect("a session");
    let root = container();
    let _mounted =
        leptos::mount::mount_to(root.clone(), || view! { <Providers config=config()><SlowAndFast /></Providers> });
    let root: Element = root.into();
    expire(&session.session_id).await;
    // The slow call is answered (with its 401) only after the user has signed in again.
    crate::harness::add_fault(
        serde_json::json!({"path": "/account/classifications", "method": "GET", "kind": "slowAnswer", "delayMs": 2500}),
    )
    .await;
    click(&root, "#slow");
    crate::harness::sleep_ms(200).await;
    click(&root, "#fast");
    let dialog = find(&root, "[role=dialog]").await;
    type_into(&dialog, "#sign-in-password", "demo");
    type_into(&dialog, "#sign-in-access-token", "demo-token");
    click(&dialog, "button[type=submit]");
    find_text(&root, "#fast-result", "read").await;
    gone(&root, "[role=dialog]").await;
    find_text(&root, "#slow-result", "read").await;
    assert!(root.query_selector("[role=dialog]").expect("query").is_none(), "the dialog did not open again");
}

/// Two reads: one answered late, one at once.
#[component]
fn SlowAndFast() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let read = move |kind: CategoryKind| {
        let api = api.clone();
        Action::new_local(move |_: &()| {
            let api = api.clone();
            async move { api.list_categories(kind).await.map(|_| "read").unwrap_or("failed") }
        })
    };
    let slow = read(CategoryKind::Classification);
    let fast = read(CategoryKind::Type);
    view! {
        <button id="slow" on:click=move |_| { slow.dispatch(()); }>"Slow"</button>
        <button id="fast" on:click=move |_| { fast.dispatch(()); }>"Fast"</button>
        <p id="slow-result">{move || slow.value().get()}</p>
        <p id="fast-result">{move || fast.value().get()}</p>
    }
}

/// A bulk set as the list's bulk bar runs it: one update per account through
/// the write runner, one at a time; its report goes to `outcome`.
#[component]
fn BulkRating(ids: Vec<i64>, outcome: Outcome) -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let done = RwSignal::new(0);
    let run = Action::new_local(move |(): &()| {
        let (api, ids, outcome) = (api.clone(), ids.clone(), outcome.clone());
        async move {
            let cancel = Cancel::new();
            let patch = AccountPatch { rating: Patch::Value("Hot".into()), ..AccountPatch::default() };
            let write = |id: i64| {
                let (api, patch) = (api.clone(), patch.clone());
                async move { api.update_account(id, &patch).await }
            };
            let progress = move |p: runner::Progress| {
                let _ = done.try_set(p.done);
            };
            let report = runner::run(ids, 1, &BrowserPacing(&cancel), progress, write).await;
            let said = format!(
                "done {:?}, failed {:?}, not sent {:?}",
                report.done.iter().map(|(id, ())| *id).collect::<Vec<_>>(),
                report.failed,
                report.not_sent
            );
            *outcome.lock().unwrap_or_else(PoisonError::into_inner) = Some(said);
        }
    });
    view! {
        <button id="run" on:click=move |_| { run.dispatch(()); }>"Set rating"</button>
        <p id="done">{move || format!("{} done", done.get())}</p>
    }
}

#[wasm_bindgen_test]
async fn another_user_signing_in_over_an_ended_session_sends_nothing_of_the_last_users_batch() {
    crate::harness::begin().await;
    let sysadmin = signed_in_client("sysadmin").await;
    let prefix = unique("Handover");
    let rows: Vec<AccountInput> =
        (1..=6).map(|i| AccountInput { name: format!("{prefix}-{i}"), ..AccountInput::default() }).collect();
    let mut ids = Vec::new();
    for row in &rows {
        ids.push(sysadmin.create_account(row).await.expect("created").id);
    }
    let session = sysadmin.session_untracked().expect("a session");
    DraftSlot("new").save(r#"{"typed": "by sysadmin"}"#);
    let root = container();
    let outcome = Outcome::default();
    let _mounted = {
        let (ids, outcome) = (ids.clone(), outcome.clone());
        leptos::mount::mount_to(root.clone(), move || {
            let (ids, outcome) = (ids.clone(), outcome.clone());
            view! { <Providers config=config()><BulkRating ids=ids.clone() outcome=outcome.clone() /></Providers> }
        })
    };
    let root: Element = root.into();
    // The third write waits before the server looks at its session, which
    // ends meanwhile: it meets a 401 and the sign-in dialog opens.
    add_fault(serde_json::json!({
        "path": format!("/account/accounts/{}", ids[2]), "method": "PUT", "kind": "delay", "delayMs": 2000
    }))
    .await;
    click(&root, "#run");
    find_text(&root, "#done", "2 done").await;
    expire(&session.session_id).await;
    let dialog = find(&root, "[role=dialog]").await;
    assert!(
        dialog.text_content().unwrap_or_default().contains("Another user signing in here starts the console afresh")
    );

    type_into(&dialog, "#sign-in-username", "manager");
    type_into(&dialog, "#sign-in-password", "demo");
    type_into(&dialog, "#sign-in-access-token", "demo-token");
    click(&dialog, "button[type=submit]");
    let report = wait_until(|| "the batch ends".into(), || outcome_of(&outcome)).await;
    assert_eq!(
        report,
        format!("done {:?}, failed [], not sent {:?}", &ids[..2], &ids[2..]),
        "what waited for the sign-in and what was not started are not sent"
    );
    gone(&root, "[role=dialog]").await;
    find_text(&root, ".toast.warning", "Signed in as manager. The console started afresh").await;
    find_text(&root, "#done", "0 done").await;
    assert_eq!(DraftSlot("new").load(), None, "the last user's draft is not offered to the next");

    let fresh = signed_in_client("sysadmin").await;
    for (index, id) in ids.iter().enumerate() {
        let account = fresh.read_account(*id, None).await.expect("read");
        let expected = (index < 2).then_some("Hot");
        assert_eq!(account.fields.rating.as_deref(), expected, "account {index}: only what sysadmin sent landed");
    }
}
