//! The rows the user selected for a bulk action: kept across the pages of one
//! search, dropped when the search changes. It holds ids only, never copies
//! of the accounts: whatever acts on the selection reads the accounts as they
//! are now ("Export selected" re-reads them, a bulk Set looks at each before
//! writing it). Shift-click selects a range within the page, from the last
//! row clicked. "Select all matching" puts every id the search matches in it
//! at once (`model/matching.rs` collects them); the selection remembers how
//! many that was, so that the bar and the confirmations say "all matching".

use std::collections::BTreeSet;

use account_model::Account;

use crate::{domain::format::thousands, routes::list::ListState};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// The search the selection belongs to (criteria and sort).
    search: Option<ListState>,
    picked: BTreeSet<i64>,
    /// The row clicked last, where a Shift-click range starts.
    anchor: Option<i64>,
    /// How many matched when "Select all matching" collected them (more
    /// when rows created since are ticked: a row the search shows matches
    /// it); gone when the selection is cleared or the search changes.
    matching: Option<usize>,
}

/// Where the selected accounts came from, as the confirmations name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Ticked row by row or page by page.
    Picked,
    /// Every account the search matched (`of`), less any unticked since.
    Matching { of: usize },
}

/// How much of the page shown is selected: for the "select this page" box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageSelection {
    None,
    Some,
    All,
}

/// What a click on a box asks for its row (or the page's rows): the state
/// the box now shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    Select,
    Clear,
}

impl Tick {
    /// The tick a box's `checked` state after the click stands for.
    pub fn of(checked: bool) -> Tick {
        if checked { Tick::Select } else { Tick::Clear }
    }
}

/// Two views of the list show the same search when only paging differs.
pub fn search_of(state: &ListState) -> ListState {
    ListState { offset: 0, count: 0, ..state.clone() }
}

impl Selection {
    /// Keeps the selection while the list pages through the same search;
    /// drops it when the search (criteria or sort) changes.
    pub fn follow(&mut self, state: &ListState) {
        let search = search_of(state);
        if self.search.as_ref() != Some(&search) {
            *self = Selection { search: Some(search), ..Selection::default() };
        }
    }

    pub fn count(&self) -> usize {
        self.picked.len()
    }

    pub fn contains(&self, id: i64) -> bool {
        self.picked.contains(&id)
    }

    /// The selected ids, in order.
    pub fn ids(&self) -> Vec<i64> {
        self.picked.iter().copied().collect()
    }

    fn set(&mut self, account: &Account, tick: Tick) {
        match tick {
            Tick::Select => {
                self.picked.insert(account.id);
                // More than were collected: the rows ticked beyond them
                // were created since, and match as well.
                if let Some(of) = &mut self.matching {
                    *of = (*of).max(self.picked.len());
                }
            }
            Tick::Clear => {
                self.picked.remove(&account.id);
                self.forget_matching_when_empty();
            }
        }
    }

    /// Nothing selected is no longer "all matching": what is ticked next
    /// is the user's own pick.
    fn forget_matching_when_empty(&mut self) {
        if self.picked.is_empty() {
            self.matching = None;
        }
    }

    /// "Select all matching": `ids` are every account the search `state`
    /// shows matches. Taken only while the selection still belongs to that
    /// search (answers `false` when the search changed meanwhile).
    pub fn select_matching(&mut self, state: &ListState, ids: BTreeSet<i64>) -> bool {
        if self.search.as_ref() != Some(&search_of(state)) {
            return false;
        }
        self.matching = Some(ids.len());
        self.picked = ids;
        self.anchor = None;
        true
    }

    pub fn scope(&self) -> Scope {
        match self.matching {
            Some(of) => Scope::Matching { of },
            None => Scope::Picked,
        }
    }

    /// A click on row `id` of `page`: the row follows `tick`.
    pub fn click(&mut self, page: &[Account], id: i64, tick: Tick) {
        let Some(account) = page.iter().find(|a| a.id == id) else { return };
        self.set(account, tick);
        self.anchor = Some(id);
    }

    /// A Shift-click on row `id` of `page`: every row between the last one
    /// clicked and this one (in page order) follows `tick`; just this row
    /// when the last one clicked is not on the page.
    pub fn shift_click(&mut self, page: &[Account], id: i64, tick: Tick) {
        let position = |id| page.iter().position(|a: &Account| a.id == id);
        let Some(at) = position(id) else { return };
        let from = self.anchor.and_then(position).unwrap_or(at);
        for account in &page[from.min(at)..=from.max(at)] {
            self.set(account, tick);
        }
        self.anchor = Some(id);
    }

    /// "Select this page" (or clear it).
    pub fn set_page(&mut self, page: &[Account], tick: Tick) {
        for account in page {
            self.set(account, tick);
        }
    }

    pub fn page(&self, page: &[Account]) -> PageSelection {
        let selected = page.iter().filter(|a| self.contains(a.id)).count();
        match selected {
            0 => PageSelection::None,
            n if n == page.len() => PageSelection::All,
            _ => PageSelection::Some,
        }
    }

    pub fn clear(&mut self) {
        self.picked.clear();
        self.anchor = None;
        self.matching = None;
    }

    /// Forgets accounts that are gone (deleted by a bulk action).
    pub fn remove(&mut self, ids: &[i64]) {
        for id in ids {
            self.picked.remove(id);
        }
        self.forget_matching_when_empty();
    }

    /// "12 selected across pages", "3 selected", "All 12,345 matching
    /// selected", "12,344 of 12,345 matching selected".
    pub fn summary(&self, page: &[Account]) -> Option<String> {
        let count = self.count();
        if count == 0 {
            return None;
        }
        if let Some(matched) = self.matching {
            let of = thousands(matched as i64);
            return Some(if count == matched {
                format!("All {of} matching selected")
            } else {
                format!("{} of {of} matching selected", thousands(count as i64))
            });
        }
        let on_page = page.iter().filter(|a| self.contains(a.id)).count();
        Some(if on_page == count { format!("{count} selected") } else { format!("{count} selected across pages") })
    }
}

#[cfg(test)]
mod tests {
    use account_model::Field;

    use super::*;

    fn page(ids: std::ops::RangeInclusive<i64>) -> Vec<Account> {
        ids.map(|id| Account { id, ..Account::default() }).collect()
    }

    fn searching(name: &str) -> ListState {
        ListState::default().with_filter_text(Field::Name, name)
    }

    #[test]
    fn shift_click_selects_the_range_from_the_last_row_clicked_either_way() {
        let rows = page(1..=10);
        let mut selection = Selection::default();
        selection.click(&rows, 3, Tick::Select);
        selection.shift_click(&rows, 6, Tick::Select);
        assert_eq!(selection.ids(), [3, 4, 5, 6]);
        selection.shift_click(&rows, 2, Tick::Select);
        assert_eq!(selection.ids(), [2, 3, 4, 5, 6], "from 6 back to 2");
        selection.shift_click(&rows, 4, Tick::Clear);
        assert_eq!(selection.ids(), [5, 6], "a range follows the clicked row's new state");
    }

    #[test]
    fn a_plain_click_toggles_one_row_and_moves_the_anchor() {
        let rows = page(1..=5);
        let mut selection = Selection::default();
        selection.shift_click(&rows, 2, Tick::Select);
        assert_eq!(selection.ids(), [2], "no anchor yet: just the row");
        selection.click(&rows, 2, Tick::Clear);
        assert_eq!(selection.count(), 0);
    }

    #[test]
    fn the_selection_survives_paging_within_a_search_and_goes_when_the_search_changes() {
        let mut selection = Selection::default();
        let first = searching("acme");
        selection.follow(&first);
        selection.set_page(&page(1..=3), Tick::Select);
        selection.follow(&first.next_page());
        selection.click(&page(4..=6), 5, Tick::Select);
        assert_eq!(selection.ids(), [1, 2, 3, 5]);
        assert_eq!(selection.summary(&page(4..=6)).as_deref(), Some("4 selected across pages"));
        selection.follow(&first.with_count(100));
        assert_eq!(selection.count(), 4, "another page size is the same search");
        selection.follow(&searching("other"));
        assert_eq!(selection.count(), 0);
        selection.set_page(&page(1..=2), Tick::Select);
        selection.follow(&searching("other").sorted_by(Field::Rating));
        assert_eq!(selection.count(), 0, "another order is another search");
    }

    #[test]
    fn select_all_matching_takes_every_id_and_says_so_until_the_selection_becomes_the_users_own() {
        let search = searching("acme");
        let mut selection = Selection::default();
        selection.follow(&search);
        selection.click(&page(1..=3), 2, Tick::Select);
        assert_eq!(selection.scope(), Scope::Picked);
        assert!(selection.select_matching(&search.next_page(), (1..=1500).collect()), "any page of the search");
        assert_eq!((selection.count(), selection.scope()), (1500, Scope::Matching { of: 1500 }));
        assert_eq!(selection.summary(&page(1..=3)).as_deref(), Some("All 1,500 matching selected"));
        selection.click(&page(1..=3), 2, Tick::Clear);
        assert_eq!(selection.scope(), Scope::Matching { of: 1500 }, "unticking one keeps where they came from");
        assert_eq!(selection.summary(&page(1..=3)).as_deref(), Some("1,499 of 1,500 matching selected"));
        selection.remove(&[1, 3]);
        assert_eq!(selection.summary(&page(1..=3)).as_deref(), Some("1,497 of 1,500 matching selected"));
        selection.set_page(&page(1..=3), Tick::Select);
        assert_eq!(selection.scope(), Scope::Matching { of: 1500 }, "ticking collected rows again");
        selection.click(&page(1600..=1601), 1601, Tick::Select);
        assert_eq!(selection.scope(), Scope::Matching { of: 1501 }, "a row created since matches too");
        assert_eq!(selection.summary(&page(1..=3)).as_deref(), Some("All 1,501 matching selected"));
        assert!(selection.select_matching(&search, (1..=10).collect()));
        selection.clear();
        assert_eq!((selection.count(), selection.scope()), (0, Scope::Picked));
        assert!(selection.select_matching(&search, (1..=3).collect()));
        selection.remove(&[1, 2, 3]);
        selection.click(&page(1..=3), 2, Tick::Select);
        assert_eq!(selection.scope(), Scope::Picked, "all deleted: what is ticked next is the user's own");
    }

    #[test]
    fn ids_collected_for_another_search_are_not_taken() {
        let mut selection = Selection::default();
        selection.follow(&searching("acme"));
        selection.click(&page(1..=3), 2, Tick::Select);
        selection.follow(&searching("other"));
        assert!(!selection.select_matching(&searching("acme"), (1..=50).collect()), "the search changed meanwhile");
        assert_eq!((selection.count(), selection.scope()), (0, Scope::Picked));
    }

    #[test]
    fn the_page_box_shows_none_some_or_all() {
        let rows = page(1..=3);
        let mut selection = Selection::default();
        assert_eq!(selection.page(&rows), PageSelection::None);
        selection.click(&rows, 2, Tick::Select);
        assert_eq!(selection.page(&rows), PageSelection::Some);
        selection.set_page(&rows, Tick::Select);
        assert_eq!(selection.page(&rows), PageSelection::All);
        assert_eq!(selection.summary(&rows).as_deref(), Some("3 selected"));
        selection.set_page(&rows, Tick::Clear);
        assert_eq!(selection.summary(&rows), None);
    }
}
