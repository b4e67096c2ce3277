//! What [`Db::open`](crate::Db::open) repairs in a database an older sandbox
//! wrote, in one transaction, each change logged: values the API no longer
//! lets in would break every later read of their record for a client that
//! reads the reference's types (NOTES.md: every Integer is 32-bit).

use rusqlite::{Connection, Transaction, TransactionBehavior, types::Value};

use crate::{
    db::now_ms,
    history::{self, Parent},
    routes::accounts::shown,
};

/// Who the history and `modifiedBy` name for a repair.
pub const REPAIRER: &str = "account-sandbox";

/// The integer columns of an account: each one the reference types Integer.
const ACCOUNT_INTEGERS: [&str; 6] =
    ["annualRevenue", "numOfEmployees", "agentId", "agentTeamId", "classificationId", "typeId"];

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
    tx.commit()
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
