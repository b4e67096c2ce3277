//! What [`Db::open`](crate::Db::open) changes in a database an older sandbox
//! wrote, each step in one transaction and each change logged: tables whose
//! ids were reusable are rebuilt so that they never are ([`keep_ids`]), and
//! values the API no longer lets in, which would break every later read of
//! their record for a client that reads the reference's types (NOTES.md:
//! every Integer is 32-bit), are repaired ([`repair`]).

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, types::Value};

use crate::{
    db::{KEPT_ID_TABLES, OpenError, kept_id_table, now_ms},
    history::{self, Parent},
    routes::accounts::shown,
};

/// Who the history and `modifiedBy` name for a repair.
pub const REPAIRER: &str = "account-sandbox";

/// The integer columns of an account: each one the reference types Integer.
const ACCOUNT_INTEGERS: [&str; 6] =
    ["annualRevenue", "numOfEmployees", "agentId", "agentTeamId", "classificationId", "typeId"];

/// Rebuilds, with AUTOINCREMENT, each table of [`KEPT_ID_TABLES`] an older
/// sandbox created without it (SQLite cannot add it to a table in place):
/// rows, ids and everything that refers to them are kept. From then on no
/// id of that table is given twice. What the old table cannot say is which
/// ids above its highest remaining one were deleted before: SQLite gave the
/// highest id plus one, and kept no record, so those may be given once more.
pub fn keep_ids(conn: &mut Connection) -> Result<(), OpenError> {
    let mut older = Vec::new();
    for (table, columns) in KEPT_ID_TABLES {
        let sql: Option<String> = conn
            .query_row("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table], |row| row.get(0))
            .optional()?;
        if sql.is_some_and(|sql| !sql.contains("AUTOINCREMENT")) {
            older.push((table, columns));
        }
    }
    if older.is_empty() {
        return Ok(());
    }
    // Dropping the old table with foreign keys on would delete every note,
    // link and history entry of its accounts; the switch only takes effect
    // outside a transaction.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let rebuilt = rebuild(conn, &older);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    rebuilt
}

/// References that point nowhere (only a bug leaves any): the rebuild must
/// not add one.
fn broken_references(tx: &Transaction) -> rusqlite::Result<i64> {
    tx.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |row| row.get(0))
}

fn rebuild(conn: &mut Connection, tables: &[(&'static str, &str)]) -> Result<(), OpenError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let broken_before = broken_references(&tx)?;
    for &(table, columns) in tables {
        let kept = format!("{table}KeptIds");
        tx.execute_batch(&kept_id_table(&kept, columns))?;
        let names: Vec<String> = tx
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let names = names.join(", ");
        let rows = tx.execute(&format!("INSERT INTO {kept} ({names}) SELECT {names} FROM {table}"), [])?;
        tx.execute_batch(&format!("DROP TABLE {table}; ALTER TABLE {kept} RENAME TO {table};"))?;
        let highest: Option<i64> =
            tx.query_row("SELECT seq FROM sqlite_sequence WHERE name = ?", [table], |row| row.get(0)).optional()?;
        tracing::warn!(
            table,
            rows,
            highest,
            "ids are never reused from now on; ids deleted above the highest before this start were not recorded \
             and may be given once more"
        );
    }
    let broken = broken_references(&tx)? - broken_before;
    if broken > 0 {
        let table = tables[0].0;
        return Err(OpenError::Migration { table, reason: format!("{broken} references would break") });
    }
    Ok(tx.commit()?)
}

/// SQL that is true when `column` holds something other than a 32-bit integer.
fn past_32_bits(column: &str) -> String {
    format!(
        "({column} IS NOT NULL AND (typeof({column}) <> 'integer' OR {column} NOT BETWEEN -2147483648 AND 2147483647))"
    )
}

/// Repairs what the schema cannot refuse on its own; runs at every open (a
/// database an older build wrote to meanwhile is repaired too) and costs one
/// pass over the accounts.
pub fn repair(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    repair_levels(&tx)?;
    repair_account_integers(&tx)?;
    index_custom_fields(&tx)?;
    index_for_search(&tx)?;
    tx.commit()
}

/// Fills `customFieldValues` from the accounts' custom fields when it is
/// empty while some account has one: a database an older sandbox wrote,
/// before the table and its triggers existed. From then on the triggers keep
/// it, whichever build writes.
fn index_custom_fields(tx: &Transaction) -> rusqlite::Result<()> {
    let missing: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM customFieldValues)
            AND EXISTS (SELECT 1 FROM accounts WHERE customFields IS NOT NULL)",
        [],
        |row| row.get(0),
    )?;
    if missing {
        let values = fill_custom_field_values(tx, 0)?;
        tracing::warn!(values, "indexed the custom fields an older sandbox stored, for custom-field criteria");
    }
    Ok(())
}

/// Adds the custom field values of the accounts from id `first` on to
/// `customFieldValues`, as its triggers would have; answers how many.
pub fn fill_custom_field_values(tx: &Transaction, first: i64) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT OR REPLACE INTO customFieldValues (accountId, clientId, field, value)
            SELECT a.id, a.clientId, f.value ->> 'field', f.value ->> 'value'
            FROM accounts a, json_each(a.customFields) f
            WHERE a.id >= ? AND f.value ->> 'field' IS NOT NULL AND f.value ->> 'value' IS NOT NULL",
        [first],
    )
}

/// Creates the indexes and text indexes search needs where the database
/// lacks them (`find::index`): building them takes a few seconds on a
/// million accounts, once.
fn index_for_search(tx: &Transaction) -> rusqlite::Result<()> {
    let accounts: i64 = tx.query_row("SELECT COUNT(*) FROM (SELECT 1 FROM accounts LIMIT 1)", [], |row| row.get(0))?;
    let built = crate::find::index::ensure(tx)?;
    // A new database gets them empty: nothing to say.
    if accounts > 0 && !built.is_empty() {
        tracing::warn!(
            indexes = ?built.indexes,
            text_indexes = ?built.text_indexes,
            dropped = ?built.dropped,
            "built the indexes search walks and looks texts up in, from the stored accounts"
        );
    }
    Ok(())
}

/// A level past 32 bits (stored as a REAL once `MAX(level) + 1` overflowed)
/// made every later list of its kind fail; it becomes the nearest level the
/// API accepts.
fn repair_levels(tx: &Transaction) -> rusqlite::Result<()> {
    for table in ["classifications", "accountTypes"] {
        let outside = past_32_bits("level");
        let mut statement = tx.prepare(&format!("SELECT id, level FROM {table} WHERE {outside}"))?;
        let found: Vec<(i64, Value)> =
            statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<Result<_, _>>()?;
        for (id, old) in found {
            let level = if matches!(old, Value::Integer(n) if n < 0) || matches!(old, Value::Real(x) if x < 0.0) {
                0
            } else {
                i64::from(i32::MAX)
            };
            tx.execute(&format!("UPDATE {table} SET level = ? WHERE id = ?"), [level, id])?;
            tracing::warn!(table, id, old = %shown(Some(&old)), level, "repaired a level past 32 bits");
        }
    }
    Ok(())
}

/// An account integer past 32 bits (an older sandbox stored revenue and
/// employee counts as 64-bit, and bulk create took any id) is cleared: no
/// value in range would be true, and a wrong one would go unnoticed. The old
/// value stays in the account's history ("Account repaired") and the log,
/// and the account counts as modified, so that a client that syncs by
/// `modifiedDate` sees the change.
fn repair_account_integers(tx: &Transaction) -> rusqlite::Result<()> {
    let any = ACCOUNT_INTEGERS.map(past_32_bits).join(" OR ");
    let columns = ACCOUNT_INTEGERS.join(", ");
    let mut statement = tx.prepare(&format!("SELECT id, clientId, {columns} FROM accounts WHERE {any}"))?;
    let found: Vec<(i64, i64, Vec<Value>)> = statement
        .query_map([], |row| {
            let values = (0..ACCOUNT_INTEGERS.len()).map(|i| row.get(i + 2)).collect::<Result<_, _>>()?;
            Ok((row.get(0)?, row.get(1)?, values))
        })?
        .collect::<Result<_, _>>()?;
    for (id, client_id, values) in found {
        let outside: Vec<(&str, Value)> = ACCOUNT_INTEGERS
            .into_iter()
            .zip(values)
            .filter(|(_, value)| match value {
                Value::Null => false,
                Value::Integer(n) => i32::try_from(*n).is_err(),
                _ => true,
            })
            .collect();
        let sets: Vec<String> = outside.iter().map(|(column, _)| format!("{column} = NULL")).collect();
        tx.execute(
            &format!("UPDATE accounts SET {}, modifiedDate = ?, modifiedBy = ? WHERE id = ?", sets.join(", ")),
            rusqlite::params![now_ms(), REPAIRER, id],
        )?;
        let told: Vec<String> = outside
            .iter()
            .map(|(column, old)| format!("{column}: {} → (empty), past the API's 32-bit Integer", shown(Some(old))))
            .collect();
        let told = told.join("; ");
        history::record_as(tx, id, (client_id, REPAIRER), "Account repaired", Some(&told), Parent::Account(id))?;
        tracing::warn!(account = id, changes = %told, "repaired an account");
    }
    Ok(())
}
