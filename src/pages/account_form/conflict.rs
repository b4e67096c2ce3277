//! The conflict prompt: the fields both the user and someone else changed
//! since the form was loaded, theirs and yours side by side; the user picks
//! one for each, and only then is anything saved.

use leptos::prelude::*;

use crate::{
    components::modal::{Modal, ModalRole},
    pages::account_form::model::{Merge, Pick},
};

#[component]
pub fn ConflictPrompt(
    merge: Merge,
    #[prop(into)] on_settle: Callback<Merge>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let conflicts = merge.conflicts.clone();
    let picks = RwSignal::new(vec![Pick::Mine; conflicts.len()]);
    let merge = StoredValue::new(merge);
    let settle = move |_| {
        let mut settled = merge.get_value();
        for (conflict, pick) in settled.conflicts.clone().iter().zip(picks.get_untracked()) {
            settled.pick(conflict.key, pick);
        }
        on_settle.run(settled);
    };
    let shown = |value: &Option<String>| value.clone().unwrap_or_else(|| "(empty)".into());
    let rows = conflicts
        .iter()
        .enumerate()
        .map(|(index, conflict)| {
            let name = format!("conflict-{index}");
            let choose = move |pick: Pick| move |_| picks.update(|p| p[index] = pick);
            view! {
                <fieldset class="conflict">
                    <legend>{conflict.key.label()}</legend>
                    <label>
                        <input type="radio" name=name.clone() on:change=choose(Pick::Theirs) />
                        " Theirs: " <span class="theirs">{shown(&conflict.theirs)}</span>
                    </label>
                    <label>
                        <input type="radio" name=name checked on:change=choose(Pick::Mine) />
                        " Yours: " <span class="mine">{shown(&conflict.mine)}</span>
                    </label>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <Modal role=ModalRole::Dialog labelled_by="conflict-title" described_by="conflict-why" on_escape=on_cancel class="conflict-dialog">
            <h2 id="conflict-title">"Someone changed this account meanwhile"</h2>
            <p id="conflict-why">
                "These fields were changed by someone else since you opened the form. Choose what to keep for each; everything else they changed stays as they saved it."
            </p>
            {rows}
            <div class="form-actions">
                <button type="button" class="save-choices" on:click=settle>"Save with these choices"</button>
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>"Keep editing"</button>
            </div>
        </Modal>
    }
}
