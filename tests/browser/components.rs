//! Shared pieces: toasts keep their place, confirm dialogs have ids of their
//! own, leave the page behind them inert and answer Escape, a dialog without
//! an answer to Escape stays open, and a new tab gets the session from an
//! open one.

use account_admin::{
    app::Providers,
    components::{
        ConfirmDialog, ToastAction, Toasts,
        modal::{Modal, ModalRole},
    },
    platform::session::{self, Session},
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlDialogElement, HtmlElement};

use crate::harness::{click, config, container, document, find, find_text, gone};

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
    // The one opened last is on top (it has focus): the other is as inert as
    // the page behind.
    let (one, two) = (find(&root, "#one dialog").await, find(&root, "#two dialog").await);
    crate::harness::sleep_ms(50).await;
    let on_top = |d: &Element| d.contains(document().active_element().as_ref().map(|e| e.as_ref()));
    let (under, top) = if on_top(&one) { (two, one) } else { (one, two) };
    assert!(on_top(&top), "focus is in a dialog");
    let under_cancel = find(&under, ".cancel").await.unchecked_into::<HtmlElement>();
    let _ = under_cancel.focus();
    assert!(on_top(&top), "the dialog underneath took focus");
    assert!(hit(&under_cancel).is_some_and(|hit| top.contains(Some(&hit))), "a click underneath lands on the top one");
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
async fn a_confirm_dialog_leaves_the_page_behind_inert_cancels_on_escape_and_gives_focus_back() {
    let (root, _mounted) = mount(|| view! { <OneDialog /> });
    let opener = find(&root, "#opener").await.unchecked_into::<HtmlElement>();
    opener.focus().expect("focus");
    opener.click();
    let dialog = find(&root, "[role=alertdialog]").await;
    let focused = || document().active_element().map(|e| e.class_name()).unwrap_or_default();
    crate::harness::sleep_ms(50).await;
    assert!(focused().contains("cancel"), "focus starts on Cancel, not on {}", focused());
    assert!(dialog.matches(":modal").expect("matches"), "the dialog is modal");
    // Tab from Cancel, the last control, cannot reach the page behind: Tab
    // skips what is inert, and what is inert refuses focus even from a script.
    let behind = document().query_selector_all("a[href], button, input, select, textarea").expect("query");
    let behind = (0..behind.length()).filter_map(|i| behind.item(i)?.dyn_into::<HtmlElement>().ok());
    for control in behind.filter(|c| !dialog.contains(Some(c))) {
        let _ = control.focus();
        assert!(focused().contains("cancel"), "{} behind the dialog took focus", control.outer_html());
    }
    assert!(hit(&opener).is_some_and(|hit| hit.is_same_node(Some(&dialog))), "a click behind lands on the backdrop");
    assert!(!escape(&dialog), "the dialog answers Escape itself");
    gone(&root, "[role=alertdialog]").await;
    find_text(&root, "#answer", "cancelled").await;
    assert_eq!(document().active_element().map(|e| e.id()).as_deref(), Some("opener"), "focus is back on the opener");
    assert!(hit(&opener).is_some_and(|hit| hit.is_same_node(Some(&opener))), "the page is live again");
    click(&root, "#opener");
    find(&root, "[role=alertdialog]").await;
}

#[component]
fn NoEscape() -> impl IntoView {
    view! {
        <Modal role=ModalRole::Dialog labelled_by="no-escape-title" initial_focus="#second">
            <h2 id="no-escape-title">"Sign in again"</h2>
            <button id="first">"First"</button>
            <button id="second">"Second"</button>
        </Modal>
    }
}

#[wasm_bindgen_test]
async fn a_dialog_without_an_answer_to_escape_stays_open_whatever_the_browser_closes() {
    let (root, _mounted) = mount(|| view! { <NoEscape /> });
    let dialog = find(&root, "dialog").await.unchecked_into::<HtmlDialogElement>();
    let focused = || document().active_element().map(|e| e.id()).unwrap_or_default();
    crate::harness::wait_until(
        || format!("focus on the named control, not {}", focused()),
        || (focused() == "second").then_some(()),
    )
    .await;
    assert_eq!(dialog.get_attribute("closedby").as_deref(), Some("none"), "Escape does not even ask");
    escape(&dialog);
    crate::harness::sleep_ms(50).await;
    assert!(dialog.open(), "Escape leaves it open");
    // What a browser does after a close request the page may not refuse.
    dialog.close();
    crate::harness::wait_until(|| "the dialog open again".into(), || dialog.open().then_some(())).await;
    assert!(dialog.matches(":modal").expect("matches"), "modal again");
    assert_eq!(focused(), "second", "focus on the named control again");
}

/// What a click at the middle of `element` would land on.
fn hit(element: &Element) -> Option<Element> {
    let area = element.get_bounding_client_rect();
    let (x, y) = (area.left() + area.width() / 2.0, area.top() + area.height() / 2.0);
    document().element_from_point(x as f32, y as f32)
}

/// What the browser does on Escape: a cancelable `cancel` at the open
/// dialog. False when the page took it.
fn escape(dialog: &Element) -> bool {
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let event = web_sys::Event::new_with_event_init_dict("cancel", &init).expect("event");
    dialog.dispatch_event(&event).expect("dispatched")
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
