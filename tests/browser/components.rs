//! Shared pieces: toasts keep their place, confirm dialogs have ids of their
//! own and keep the keyboard inside, and a new tab gets the session from an
//! open one.

use account_admin::{
    app::Providers,
    components::{ConfirmDialog, ToastAction, Toasts},
    platform::session::{self, Session},
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

use crate::harness::{Modifier, click, config, container, document, find, find_text, gone, press};

fn mount<V: IntoView + 'static>(view: impl Fn() -> V + Send + Sync + 'static) -> (Element, impl Drop) {
    let root = container();
    let handle =
        leptos::mount::mount_to(root.clone(), move || view! { <Providers config=config()>{view()}</Providers> });
    (root.into(), handle)
}

#[wasm_bindgen_test]
async fn a_toast_already_shown_keeps_its_element_when_another_comes() {
    let toasts = RwSignal::new_local(None::<Toasts>);
    let (root, _mounted) = mount(move || {
        toasts.set(Some(expect_context::<Toasts>()));
    });
    let toasts = toasts.get_untracked().expect("the toasts");
    toasts.failure("First failure");
    let first = find_text(&root, ".toast.failure", "First failure").await;
    toasts.failure("Second failure");
    find_text(&root, ".toasts [role=alert]", "Second failure").await;
    assert!(first.is_connected(), "the first toast was not rebuilt, so it is not announced again");
}

#[wasm_bindgen_test]
async fn an_undo_toast_stays_while_focus_is_in_it_and_goes_after_focus_leaves() {
    let toasts = RwSignal::new_local(None::<Toasts>);
    let (root, _mounted) = mount(move || {
        toasts.set(Some(expect_context::<Toasts>()));
    });
    let toasts = toasts.get_untracked().expect("the toasts");
    toasts.success_with("Saved.", ToastAction { label: "Undo", run: Callback::new(|()| {}) });
    let undo = find(&root, ".toast .toast-action").await.unchecked_into::<HtmlElement>();
    undo.focus().expect("focus");
    crate::harness::sleep_ms(11_000).await; // Past its 10 s.
    assert!(undo.is_connected(), "focused, it stays");
    undo.blur().expect("blur");
    gone(&root, ".toast").await;
}

#[component]
fn TwoDialogs() -> impl IntoView {
    view! {
        <button id="opener">"Open"</button>
        <div id="one"><ConfirmDialog title="First?" message="One" confirm_label="Yes" on_confirm=|()| {} on_cancel=|()| {} /></div>
        <div id="two"><ConfirmDialog title="Second?" message="Two" confirm_label="Yes" on_confirm=|()| {} on_cancel=|()| {} /></div>
    }
}

#[wasm_bindgen_test]
async fn two_confirm_dialogs_on_one_page_each_name_their_own_title() {
    let (root, _mounted) = mount(|| view! { <TwoDialogs /> });
    for (dialog, title) in [("#one [role=alertdialog]", "First?"), ("#two [role=alertdialog]", "Second?")] {
        let dialog = find(&root, dialog).await;
        let labelled_by = dialog.get_attribute("aria-labelledby").expect("labelled");
        let heading = document().get_element_by_id(&labelled_by).expect("the heading exists");
        assert_eq!(heading.text_content().as_deref(), Some(title));
    }
}

#[component]
fn OneDialog() -> impl IntoView {
    let open = RwSignal::new(false);
    let answer = RwSignal::new("");
    view! {
        <button id="opener" on:click=move |_| open.set(true)>"Delete…"</button>
        <p id="answer">{move || answer.get()}</p>
        <Show when=move || open.get()>
            <ConfirmDialog
                title="Delete it?"
                message="This cannot be undone."
                confirm_label="Delete"
                on_confirm=move |()| { answer.set("confirmed"); open.set(false); }
                on_cancel=move |()| { answer.set("cancelled"); open.set(false); }
            />
        </Show>
    }
}

#[wasm_bindgen_test]
async fn a_confirm_dialog_keeps_tab_inside_cancels_on_escape_and_gives_focus_back() {
    let (root, _mounted) = mount(|| view! { <OneDialog /> });
    let opener = find(&root, "#opener").await.unchecked_into::<HtmlElement>();
    opener.focus().expect("focus");
    opener.click();
    let dialog = find(&root, "[role=alertdialog]").await;
    let focused = || document().active_element().map(|e| e.class_name()).unwrap_or_default();
    crate::harness::sleep_ms(50).await;
    assert!(focused().contains("cancel"), "focus starts on Cancel, not on {}", focused());
    // Tab from Cancel, the last control, wraps to the first.
    press(&document().active_element().expect("focus"), "Tab", Modifier::None);
    assert!(focused().contains("confirm"), "Tab stays in the dialog: {}", focused());
    press(&document().active_element().expect("focus"), "Tab", Modifier::Shift);
    assert!(focused().contains("cancel"), "Shift-Tab wraps back: {}", focused());
    // Escape works wherever focus is, even if it has left the dialog.
    opener.focus().expect("focus");
    press(&dialog, "Escape", Modifier::None);
    gone(&root, "[role=alertdialog]").await;
    find_text(&root, "#answer", "cancelled").await;
    assert_eq!(document().active_element().map(|e| e.id()).as_deref(), Some("opener"), "focus is back on the opener");
    click(&root, "#opener");
    find(&root, "[role=alertdialog]").await;
}

#[wasm_bindgen_test]
async fn a_new_tab_gets_the_session_of_an_open_tab() {
    let open_tab =
        Session { session_id: "handed-over".into(), client_name: "DEMO".into(), user_name: "manager".into() };
    let answered = open_tab.clone();
    session::answer_other_tabs(move || Some(answered.clone()));
    let received = session::from_other_tab().await.expect("an open tab answers");
    assert_eq!(received, open_tab);
}
