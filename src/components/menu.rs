//! A menu: a button and the panel it opens (saved searches, columns), as the
//! platform's popover (`popovertarget` on the button, `popover` on the
//! panel). The browser opens and closes it, says whether it is expanded,
//! puts the panel next in the Tab order, and closes it on Escape and on a
//! click outside, giving focus back to the button when focus was inside.

use leptos::{html, prelude::*};
use wasm_bindgen::JsCast;

/// `<div class="{class} menu">`: the button labelled `label` and the panel
/// (id `panel`) holding `children`.
#[component]
pub fn Menu(label: &'static str, panel: &'static str, class: &'static str, children: Children) -> impl IntoView {
    let button = NodeRef::<html::Button>::new();
    // A click outside on a spot that takes no focus leaves focus nowhere:
    // it goes back to the button, as after Escape. A click on another
    // control keeps focus there.
    let on_toggle = move |_| {
        let Some(button) = button.get_untracked() else { return };
        let open = button.next_element_sibling().is_some_and(|p| p.matches(":popover-open").unwrap_or(false));
        let focused = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        let focus_lost = focused.is_none_or(|f| f.tag_name() == "BODY");
        if !open && focus_lost {
            let _ = button.focus();
        }
    };
    view! {
        <div class=[class, " menu"].concat()>
            <button type="button" class="secondary" node_ref=button popovertarget=panel>{label}</button>
            <div id=panel class="menu-panel" popover="auto" on:toggle=on_toggle>{children()}</div>
        </div>
    }
}

/// Closes the menu `event` happened in (after a choice in it that does not
/// leave the page); focus goes back to its button.
pub fn close_menu_of(event: &web_sys::Event) {
    let target = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let panel = target.and_then(|t| t.closest("[popover]").ok().flatten());
    if let Some(panel) = panel.and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = panel.hide_popover();
    }
}
