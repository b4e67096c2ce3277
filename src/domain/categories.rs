//! The one cache of both category lists (classifications and account types),
//! shared by every page that shows their names or offers them in a dropdown:
//! list columns and chips, the advanced search, the detail page, the account
//! form, the import. Read once per user (the cache lives in the user's
//! scope, `app/mod.rs`), refreshed after any change on the category pages,
//! never fetched once per page.

use account_model::Category;
use leptos::{prelude::*, task::spawn_local};

pub use crate::api::categories::CategoryKind;
use crate::api::{ApiClient, ApiError, start_now};

/// One list's state in the cache.
#[derive(Clone, Debug, Default, PartialEq)]
enum Slot {
    #[default]
    NotLoaded,
    Loading,
    Loaded(Vec<Category>),
    Failed(ApiError),
}

/// The cache, shared through context. `Copy`: it is a pair of signals.
#[derive(Clone, Copy, Debug)]
pub struct Categories {
    classifications: RwSignal<Slot>,
    types: RwSignal<Slot>,
    api: StoredValue<ApiClient, LocalStorage>,
}

impl Categories {
    pub fn new(api: ApiClient) -> Categories {
        Categories {
            classifications: RwSignal::new(Slot::NotLoaded),
            types: RwSignal::new(Slot::NotLoaded),
            api: StoredValue::new_local(api),
        }
    }

    fn slot(self, kind: CategoryKind) -> RwSignal<Slot> {
        match kind {
            CategoryKind::Classification => self.classifications,
            CategoryKind::Type => self.types,
        }
    }

    /// Reads both lists unless they are read or being read.
    pub fn load(self) {
        for kind in [CategoryKind::Classification, CategoryKind::Type] {
            if matches!(self.slot(kind).get_untracked(), Slot::NotLoaded) {
                self.fetch(kind);
            }
        }
    }

    /// Reads `kind` again: after a change, or to try again after a failure.
    pub fn refresh(self, kind: CategoryKind) {
        self.fetch(kind);
    }

    fn fetch(self, kind: CategoryKind) {
        let Some(api) = self.api.try_get_value() else { return };
        let slot = self.slot(kind);
        if !matches!(slot.get_untracked(), Slot::Loaded(_)) {
            slot.set(Slot::Loading);
        }
        // On the wire now, beside the page's own first request.
        let answer = start_now(async move { api.list_categories(kind).await });
        spawn_local(async move {
            let _ = slot.try_set(match answer.await {
                Ok(list) => Slot::Loaded(list),
                Err(error) => Slot::Failed(error),
            });
        });
    }

    /// The list, ordered by level (empty until read; reactive).
    pub fn list(self, kind: CategoryKind) -> Vec<Category> {
        self.load();
        self.slot(kind).with(|slot| match slot {
            Slot::Loaded(list) => list.clone(),
            _ => Vec::new(),
        })
    }

    /// The id of the first category of `kind`, once read (reactive).
    pub fn first_id(self, kind: CategoryKind) -> Option<i64> {
        self.load();
        self.slot(kind).with(|slot| match slot {
            Slot::Loaded(list) => list.first().map(|c| c.id),
            _ => None,
        })
    }

    /// Whether `kind` has been read (reactive).
    pub fn is_loaded(self, kind: CategoryKind) -> bool {
        self.slot(kind).with(|slot| matches!(slot, Slot::Loaded(_)))
    }

    /// The name of category `id`, when it is known (reactive).
    pub fn name_of(self, kind: CategoryKind, id: i64) -> Option<String> {
        self.slot(kind).with(|slot| match slot {
            Slot::Loaded(list) => list.iter().find(|c| c.id == id).map(|c| c.name.clone()),
            _ => None,
        })
    }

    /// Why the names could not be read, if they could not (reactive).
    pub fn problem(self) -> Option<String> {
        let failed =
            |kind| self.slot(kind).with(|slot| if let Slot::Failed(e) = slot { Some(e.to_string()) } else { None });
        failed(CategoryKind::Classification)
            .or_else(|| failed(CategoryKind::Type))
            .map(|error| format!("Classification and type names could not be read: {error}"))
    }
}
