//! An expired session mid-task: the sign-in dialog opens over the page, and
//! after signing in again the interrupted call goes through with the form as
//! it was.

use account_admin::{
    api::{ApiClient, categories::CategoryKind},
    app::Providers,
};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::harness::{
    click, config, container, expire, find, find_text, gone, signed_in_client, type_into, unique, value_of,
};

/// A half-filled form that saves a classification.
#[component]
fn NameForm() -> impl IntoView {
    let api = expect_context::<ApiClient>();
    let name = RwSignal::new(String::new());
    let save = Action::new_local(move |name: &String| {
        let (api, name) = (api.clone(), name.clone());
        async move { api.create_category(CategoryKind::Classification, &name).await }
    });
    let result = move || match save.value().get() {
        Some(Ok(created)) => format!("created {}", created.id),
        Some(Err(error)) => format!("failed: {error}"),
        None => String::new(),
    };
    view! {
        <input id="name" bind:value=name />
        <button id="save" on:click=move |_| { save.dispatch(name.get_untracked()); }>"Save"</button>
        <p id="result">{result}</p>
    }
}

fn mount() -> (Element, impl Drop) {
    let root = container();
    let handle =
        leptos::mount::mount_to(root.clone(), || view! { <Providers config=config()><NameForm /></Providers> });
    (root.into(), handle)
}

#[wasm_bindgen_test]
async fn after_expiry_signing_in_again_resumes_the_save_without_losing_input() {
    crate::harness::begin().await;
    let signed_in = signed_in_client("sysadmin").await;
    let session = signed_in.session_untracked().expect("a session");
    let (root, _mounted) = mount();
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
    let (root, _mounted) = mount();
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
    find_text(&root, "#result", "failed:").await;
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
