//! What the category pages work out before calling the API: a name that can
//! be saved, the levels a new order needs (only those that change), and how
//! the use of a category is said.

use account_model::Category;

/// The name to save: trimmed, not empty, not another one's in any case.
pub fn check_name(name: &str, existing: &[Category], except: Option<i64>) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Enter a name.");
    }
    let folded = name.to_lowercase();
    if existing.iter().any(|c| Some(c.id) != except && c.name.trim().to_lowercase() == folded) {
        return Err("That name is taken: names are unique whatever their case.");
    }
    Ok(name.to_string())
}

/// The order with `id` moved by `delta` places (clamped to the ends).
pub fn moved(order: &[i64], id: i64, delta: isize) -> Vec<i64> {
    let mut order = order.to_vec();
    if let Some(from) = order.iter().position(|x| *x == id) {
        let to = (from as isize + delta).clamp(0, order.len() as isize - 1) as usize;
        let item = order.remove(from);
        order.insert(to, item);
    }
    order
}

/// The order with `id` put where `before` is (drag and drop).
pub fn dropped(order: &[i64], id: i64, before: i64) -> Vec<i64> {
    let (Some(from), Some(to)) = (order.iter().position(|x| *x == id), order.iter().position(|x| *x == before)) else {
        return order.to_vec();
    };
    moved(order, id, to as isize - from as isize)
}

/// The level updates that give `items` the order `order`: the levels the
/// items have now are dealt out again in the new order, so only the items
/// whose level changes are written. Levels that repeat or are missing give
/// way to 1, 2, 3, ...
pub fn level_updates(items: &[Category], order: &[i64]) -> Vec<(i64, i64)> {
    let mut levels: Vec<i64> = items.iter().filter_map(|c| c.level).collect();
    crate::sort::by_key(&mut levels, |level| *level);
    let usable = levels.len() == items.len() && levels.windows(2).all(|w| w[0] < w[1]);
    if !usable {
        levels = (1..=items.len() as i64).collect();
    }
    order
        .iter()
        .zip(levels)
        .filter_map(|(id, level)| {
            let current = items.iter().find(|c| c.id == *id)?.level;
            (current != Some(level)).then_some((*id, level))
        })
        .collect()
}

/// "12 accounts use it", "1000 or more accounts use it".
pub fn usage_text(count: usize, capped: bool) -> String {
    match (count, capped) {
        (_, true) => format!("{count} or more accounts use it"),
        (0, _) => "No account uses it".into(),
        (1, _) => "1 account uses it".into(),
        (n, _) => format!("{n} accounts use it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: i64, name: &str, level: Option<i64>) -> Category {
        Category { id, name: name.into(), level }
    }

    #[test]
    fn names_are_trimmed_required_and_unique_in_any_case() {
        let existing = [category(1, "Gold", Some(1)), category(2, "Émeraude", Some(2))];
        assert_eq!(check_name("  Silver ", &existing, None), Ok("Silver".into()));
        assert_eq!(check_name(" ", &existing, None), Err("Enter a name."));
        assert!(check_name("gold", &existing, None).is_err());
        assert!(check_name("ÉMERAUDE", &existing, None).is_err());
        assert_eq!(check_name("GOLD", &existing, Some(1)), Ok("GOLD".into()), "renaming itself");
    }

    #[test]
    fn moving_up_and_down_stops_at_the_ends() {
        assert_eq!(moved(&[1, 2, 3], 3, -1), [1, 3, 2]);
        assert_eq!(moved(&[1, 2, 3], 1, -1), [1, 2, 3]);
        assert_eq!(moved(&[1, 2, 3], 2, 5), [1, 3, 2]);
        assert_eq!(dropped(&[1, 2, 3, 4], 4, 2), [1, 4, 2, 3]);
        assert_eq!(dropped(&[1, 2, 3, 4], 1, 3), [2, 3, 1, 4]);
    }

    #[test]
    fn a_new_order_writes_only_the_levels_that_change() {
        let items = [category(10, "A", Some(1)), category(11, "B", Some(2)), category(12, "C", Some(5))];
        assert_eq!(level_updates(&items, &[10, 12, 11]), [(12, 2), (11, 5)]);
        assert_eq!(level_updates(&items, &[10, 11, 12]), []);
        let messy = [category(1, "A", Some(3)), category(2, "B", Some(3)), category(3, "C", None)];
        assert_eq!(level_updates(&messy, &[1, 2, 3]), [(1, 1), (2, 2), (3, 3)]);
    }

    #[test]
    fn use_is_said_with_a_cap() {
        assert_eq!(usage_text(0, false), "No account uses it");
        assert_eq!(usage_text(1, false), "1 account uses it");
        assert_eq!(usage_text(12, false), "12 accounts use it");
        assert_eq!(usage_text(1000, true), "1000 or more accounts use it");
    }
}
