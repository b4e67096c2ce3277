//! What serves Find Matching Accounts beside the accounts table: an index
//! per sort order, and a trigram index (SQLite FTS5) per text field whose
//! criteria are looked up rather than scanned. Triggers keep the text indexes
//! in step with every write, whichever build or statement writes; SQLite
//! keeps the others. [`ensure`] creates what a database lacks when it opens,
//! and the demo seed drops the lot while it inserts ([`suspend`]) and builds
//! it again in one pass afterwards ([`resume`]), which is several times
//! faster than keeping it row by row.

use rusqlite::Transaction;

/// The index each sort order walks, by column: `(name, columns)`. The name
/// order's index also holds the columns of the criteria a search of the list
/// most often has, so that a walk in that order tests them without reading
/// the accounts (the id comes before them: ties in name stay in id order).
pub const SORT_INDEXES: [(&str, &str); 7] = [
    (
        "accountsInNameOrder",
        "clientId, name COLLATE NOCASE, id, accountNumber, billingCity, industry, annualRevenue, createdDate, \
         modifiedDate",
    ),
    ("accountsByNumberIgnoringCase", "clientId, accountNumber COLLATE NOCASE"),
    ("accountsByRevenue", "clientId, annualRevenue"),
    ("accountsByEmployees", "clientId, numOfEmployees"),
    ("accountsByIndustry", "clientId, industry COLLATE NOCASE"),
    ("accountsByCreatedDate", "clientId, createdDate"),
    ("accountsByModifiedDate", "clientId, modifiedDate"),
];

/// Indexes an older sandbox created that [`SORT_INDEXES`] replace.
const OBSOLETE_INDEXES: [&str; 1] = ["accountsByName"];

/// The text fields with a trigram index: `(column, table)`. Each table holds
/// the column's text as [`indexed_text`] makes it, under the account's id.
pub const TEXT_INDEXES: [(&str, &str); 6] = [
    ("name", "nameText"),
    ("accountNumber", "accountNumberText"),
    ("billingCity", "billingCityText"),
    ("phoneOffice", "phoneOfficeText"),
    ("phoneAlternate", "phoneAlternateText"),
    ("phoneFax", "phoneFaxText"),
];

/// What ends every indexed text: two characters no needle read from a text
/// index holds, so that each character of the text starts a trigram (the
/// last two and a text of one or two characters included), which is how one
/// or two characters are found (`sets.rs`).
pub const TEXT_END: &str = "\u{1}\u{1}";

/// Characters a needle read from a text index cannot hold: the one of
/// [`TEXT_END`], and NUL, which ends an FTS5 query (an indexed text has it
/// replaced by the other, so that no trigram holds it).
pub const UNINDEXED: [char; 2] = ['\u{0}', '\u{1}'];

/// The vocabulary table of a text index: its trigrams and in how many
/// accounts each occurs.
pub fn terms_table(table: &str) -> String {
    format!("{table}Terms")
}

/// SQL for the indexed form of `column` of the row `row` (`NEW` or an
/// alias): its text folded as every criterion is ([`crate::db::fold_case`]),
/// any NUL made the other of [`UNINDEXED`], then [`TEXT_END`]. `fold_case` is
/// the SQL function every build of the sandbox registers, so that older
/// builds keep these tables too.
fn indexed_text(row: &str, column: &str) -> String {
    format!("replace(fold_case({row}.{column}), char(0), char(1)) || char(1, 1)")
}

/// What [`ensure`] created or removed, for the log.
#[derive(Debug, Default)]
pub struct Built {
    pub indexes: Vec<&'static str>,
    /// Each new text index and how many texts it was given.
    pub text_indexes: Vec<(&'static str, usize)>,
    pub dropped: Vec<&'static str>,
}

impl Built {
    pub fn is_empty(&self) -> bool {
        self.indexes.is_empty() && self.text_indexes.is_empty() && self.dropped.is_empty()
    }
}

fn exists(tx: &Transaction, name: &str) -> rusqlite::Result<bool> {
    tx.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = ?)", [name], |row| row.get(0))
}

/// Creates whatever of the search structures the database lacks: indexes
/// (built from the accounts), text indexes (filled from them) and the
/// triggers that keep the text indexes; drops the indexes they replace.
pub fn ensure(tx: &Transaction) -> rusqlite::Result<Built> {
    let mut built = Built::default();
    for name in OBSOLETE_INDEXES {
        if exists(tx, name)? {
            tx.execute_batch(&format!("DROP INDEX {name}"))?;
            built.dropped.push(name);
        }
    }
    for (name, columns) in SORT_INDEXES {
        if !exists(tx, name)? {
            tx.execute_batch(&format!("CREATE INDEX {name} ON accounts ({columns})"))?;
            built.indexes.push(name);
        }
    }
    for (column, table) in TEXT_INDEXES {
        if !exists(tx, table)? {
            tx.execute_batch(&format!(
                "CREATE VIRTUAL TABLE {table} USING fts5(text, tokenize = 'trigram case_sensitive 1', content = '', \
                 contentless_delete = 1);
                 CREATE VIRTUAL TABLE IF NOT EXISTS {terms} USING fts5vocab({table}, 'row');",
                terms = terms_table(table)
            ))?;
            built.text_indexes.push((table, fill_text_index(tx, column, table, 0)?));
        }
    }
    tx.execute_batch(&triggers())?;
    Ok(built)
}

/// Indexes the text of `column` of the accounts from id `first` on.
fn fill_text_index(tx: &Transaction, column: &str, table: &str, first: i64) -> rusqlite::Result<usize> {
    tx.execute(
        &format!(
            "INSERT INTO {table} (rowid, text) SELECT a.id, {} FROM accounts a WHERE a.id >= ? AND a.{column} IS NOT \
             NULL",
            indexed_text("a", column)
        ),
        [first],
    )
}

/// The triggers that keep the text indexes: an account's texts are indexed
/// when it is created, indexed again when that field changes, and removed
/// with it.
fn triggers() -> String {
    let mut on_insert = String::new();
    let mut on_delete = String::new();
    let mut on_update = String::new();
    for (column, table) in TEXT_INDEXES {
        let insert = format!(
            "INSERT INTO {table} (rowid, text) SELECT NEW.id, {} WHERE NEW.{column} IS NOT NULL;",
            indexed_text("NEW", column)
        );
        let delete = format!("DELETE FROM {table} WHERE rowid = OLD.id;");
        on_insert.push_str(&insert);
        on_delete.push_str(&delete);
        on_update.push_str(&format!(
            "CREATE TRIGGER IF NOT EXISTS {table}OnUpdate AFTER UPDATE OF {column} ON accounts BEGIN {delete} \
             {insert} END;\n"
        ));
    }
    format!(
        "CREATE TRIGGER IF NOT EXISTS textIndexesOnInsert AFTER INSERT ON accounts BEGIN {on_insert} END;
         CREATE TRIGGER IF NOT EXISTS textIndexesOnDelete AFTER DELETE ON accounts BEGIN {on_delete} END;
         {on_update}"
    )
}

/// The triggers and indexes that cost most per inserted account (the custom
/// fields' included): [`suspend`] drops them, [`resume`] builds them again.
const SUSPENDED_TRIGGERS: [&str; 2] = ["textIndexesOnInsert", "customFieldValuesOnInsert"];
const SUSPENDED_INDEXES: [&str; 1] = ["customFieldValuesByField"];

/// Before inserting many accounts in one transaction (the demo seed): drops
/// the search indexes and the insert triggers. Answers the first id the
/// inserts will get, for [`resume`].
pub fn suspend(tx: &Transaction) -> rusqlite::Result<i64> {
    for name in SUSPENDED_TRIGGERS {
        tx.execute_batch(&format!("DROP TRIGGER IF EXISTS {name}"))?;
    }
    for name in SORT_INDEXES.map(|(name, _)| name).into_iter().chain(SUSPENDED_INDEXES) {
        tx.execute_batch(&format!("DROP INDEX IF EXISTS {name}"))?;
    }
    // Ids are AUTOINCREMENT: the next one is past any the table ever gave.
    tx.query_row(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'accounts'), 0), \
         COALESCE((SELECT MAX(id) FROM accounts), 0)) + 1",
        [],
        |row| row.get(0),
    )
}

/// After [`suspend`] and the inserts: indexes the custom fields and texts of
/// the accounts from id `first` on, and builds what `suspend` dropped.
pub fn resume(tx: &Transaction, first: i64) -> rusqlite::Result<()> {
    crate::upgrade::fill_custom_field_values(tx, first)?;
    for (column, table) in TEXT_INDEXES {
        fill_text_index(tx, column, table, first)?;
    }
    tx.execute_batch(crate::db::SCHEMA)?;
    ensure(tx)?;
    Ok(())
}
