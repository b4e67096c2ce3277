//! What the layout promises, measured with the console's own stylesheet in
//! a container of a given width: the activity shows without scrolling at
//! 1400 px, nothing overflows sideways at 1024 px, the results come into view
//! after an advanced search, and dark mode keeps dialogs and placeholders
//! legible.

use account_admin::{
    components::ConfirmDialog,
    pages::{AccountDetailPage, AccountsPage},
};
use account_model::AccountInput;
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Routes},
    path,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

use crate::harness::{click, config, document, find, mount_at, signed_in_client, type_into, unique, wait_until};

/// Puts the console's stylesheet into the test page, once.
pub(crate) fn with_styles() {
    let document = document();
    if document.get_element_by_id("console-styles").is_none() {
        let style = document.create_element("style").expect("style");
        style.set_id("console-styles");
        style.set_text_content(Some(include_str!("../../style/main.css")));
        document.head().expect("head").append_child(&style).expect("added");
    }
}

/// Mounts `routes` at `url` in a container `width` pixels wide.
fn mount_wide(url: &str, width: u32) -> (Element, Box<dyn std::any::Any>) {
    with_styles();
    let (root, mounted) = mount_at(url, || {
        view! {
            <Routes fallback=|| "no route">
                <Route path=path!("/accounts") view=AccountsPage />
                <Route path=path!("/accounts/:id") view=AccountDetailPage />
            </Routes>
        }
    });
    root.unchecked_ref::<HtmlElement>().style().set_property("width", &format!("{width}px")).expect("width");
    (root, mounted)
}

fn top_of(element: &Element) -> f64 {
    element.get_bounding_client_rect().top()
}

async fn account_with_everything() -> i64 {
    let api = signed_in_client("sysadmin").await;
    let input = AccountInput {
        name: unique("Layout"),
        description: Some("A description long enough to take a line or two in its card.".into()),
        rating: Some("Hot".into()),
        ..AccountInput::default()
    };
    api.create_account(&input).await.expect("created").id
}

#[wasm_bindgen_test]
async fn at_1400_pixels_the_notes_heading_is_within_the_first_1000() {
    crate::harness::begin().await;
    let id = account_with_everything().await;
    let (root, _mounted) = mount_wide(&format!("/accounts/{id}"), 1400);
    let heading = find(&root, "#notes-title").await;
    let offset = top_of(&heading) - top_of(&root);
    assert!(offset < 1000.0, "the notes heading starts {offset} px down");
}

#[wasm_bindgen_test]
async fn at_1024_pixels_neither_the_list_nor_the_detail_overflows_sideways() {
    crate::harness::begin().await;
    let id = account_with_everything().await;
    for url in ["/accounts?count=25".to_string(), format!("/accounts/{id}")] {
        let (root, mounted) = mount_wide(&url, 1024);
        find(&root, if url.contains('?') { "tbody tr" } else { "#notes-title" }).await;
        crate::harness::sleep_ms(100).await;
        let (scroll, client) = (root.scroll_width(), root.client_width());
        assert!(scroll <= client, "{url}: {scroll} px of content in {client} px");
        let table = root.query_selector(".table-scroll").ok().flatten();
        if let Some(table) = table {
            assert!(
                table.scroll_width() <= table.client_width(),
                "{url}: the table needs no sideways scroll at 1024 px"
            );
        }
        drop(mounted);
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn after_an_advanced_search_the_panel_closes_and_the_first_result_is_in_view() {
    crate::harness::begin().await;
    let _api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount_wide("/accounts?count=25", 1400);
    find(&root, "tbody tr").await;
    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    type_into(&form, "#filter-rating", "o");
    click(&form, "button[type=submit]");
    crate::harness::gone(&root, "#advanced-search").await;
    let row = find(&root, "tbody tr").await;
    let height = web_sys::window().expect("window").inner_height().expect("height").as_f64().unwrap_or(0.0);
    wait_until(
        || format!("the first row at {} px is inside the {height} px viewport", top_of(&row)),
        || (top_of(&row) >= 0.0 && top_of(&row) < height).then_some(()),
    )
    .await;
}

/// An `rgb(...)`/`rgba(...)` colour as red, green, blue (0–255) and alpha.
fn rgba(css: &str) -> (f64, f64, f64, f64) {
    let inner = css.trim().trim_start_matches("rgba(").trim_start_matches("rgb(").trim_end_matches(')');
    let parts: Vec<f64> =
        inner.split([',', ' ', '/']).filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok()).collect();
    (parts[0], parts[1], parts[2], parts.get(3).copied().unwrap_or(1.0))
}

fn luminance((r, g, b, _): (f64, f64, f64, f64)) -> f64 {
    let channel = |c: f64| {
        let c = c / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `top` (with its alpha) laid over the opaque `under`.
fn over(top: (f64, f64, f64, f64), under: (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    let mix = |t: f64, u: f64| t * top.3 + u * (1.0 - top.3);
    (mix(top.0, under.0), mix(top.1, under.1), mix(top.2, under.2), 1.0)
}

fn style_of(element: &Element, pseudo: Option<&str>, property: &str) -> String {
    let window = web_sys::window().expect("window");
    let style = match pseudo {
        Some(pseudo) => window.get_computed_style_with_pseudo_elt(element, pseudo),
        None => window.get_computed_style(element),
    };
    style.ok().flatten().expect("a style").get_property_value(property).expect("a value")
}

#[wasm_bindgen_test]
async fn in_dark_mode_dialogs_stand_out_and_placeholders_are_legible() {
    crate::harness::begin().await;
    with_styles();
    let html = document().document_element().expect("html");
    html.set_attribute("data-theme", "dark").expect("dark");
    let root = crate::harness::container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        view! {
            <account_admin::app::Providers config=config()>
                <input id="with-placeholder" placeholder="Name contains…" />
                <ConfirmDialog title="Delete it?" message="This cannot be undone." confirm_label="Delete" on_confirm=|()| {} on_cancel=|()| {} />
            </account_admin::app::Providers>
        }
    });
    let root: Element = root.into();
    let input = find(&root, "#with-placeholder").await;
    let dialog = find(&root, ".dialog").await;
    let backdrop = find(&root, ".dialog-backdrop").await;
    let page = rgba(&style_of(&html, None, "background-color"));
    let page =
        if page.3 == 0.0 { rgba(&style_of(&document().body().expect("body"), None, "background-color")) } else { page };
    let placeholder = contrast(
        rgba(&style_of(&input, Some("::placeholder"), "color")),
        rgba(&style_of(&input, None, "background-color")),
    );
    let dialog_background = rgba(&style_of(&dialog, None, "background-color"));
    let dimmed = over(rgba(&style_of(&backdrop, None, "background-color")), page);
    let edge = contrast(rgba(&style_of(&dialog, None, "border-top-color")), dimmed);
    let text = contrast(rgba(&style_of(&dialog, None, "color")), dialog_background);
    html.remove_attribute("data-theme").expect("back to light");
    assert!(placeholder >= 4.5, "placeholder contrast {placeholder:.2}");
    assert!(text >= 4.5, "dialog text contrast {text:.2}");
    assert!(edge >= 3.0, "the dialog's edge against the dimmed page: {edge:.2}");
}
