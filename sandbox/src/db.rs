//! Storage: one SQLite file in WAL mode, a writer connection and a small pool
//! of readers. Every write runs in one `BEGIN IMMEDIATE` transaction; the
//! blocking work runs on tokio's blocking pool.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::{SystemTime, UNIX_EPOCH},
};

use rusqlite::{
    Connection, Transaction, TransactionBehavior,
    functions::{Context, FunctionFlags},
};

use crate::error::ApiError;

/// The database file's name inside `--data DIR`.
pub const FILE_NAME: &str = "account-sandbox.sqlite3";

/// The tables whose ids are never reused, even after a delete (NOTES.md):
/// with AUTOINCREMENT, SQLite keeps the highest id a table ever gave in
/// `sqlite_sequence` and never gives it again. Each with its columns after
/// the id; [`kept_id_table`] makes the statement, `upgrade.rs` rebuilds a
/// table an older sandbox created without it.
pub const KEPT_ID_TABLES: [(&str, &str); 3] = [
    ("classifications", "clientId INTEGER NOT NULL REFERENCES clients(id), name TEXT NOT NULL, level INTEGER NOT NULL"),
    ("accountTypes", "clientId INTEGER NOT NULL REFERENCES clients(id), name TEXT NOT NULL, level INTEGER NOT NULL"),
    (
        "accounts",
        r#"
    clientId INTEGER NOT NULL REFERENCES clients(id),
    createdDate INTEGER NOT NULL,
    createdBy TEXT NOT NULL,
    modifiedDate INTEGER NOT NULL,
    modifiedBy TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    industry TEXT,
    annualRevenue INTEGER,
    phoneFax TEXT,
    rating TEXT,
    phoneOffice TEXT,
    phoneAlternate TEXT,
    website TEXT,
    ownershipType TEXT,
    numOfEmployees INTEGER,
    tickerSymbol TEXT,
    campaignId TEXT,
    accountNumber TEXT,
    originalAccountNumber TEXT,
    agentId INTEGER,
    agentTeamId INTEGER,
    accountSource TEXT,
    sicCode TEXT,
    sicDesc TEXT,
    classificationId INTEGER,
    typeId INTEGER,
    billingStreet TEXT, billingCity TEXT, billingState TEXT, billingPostalCode TEXT, billingCountry TEXT,
    shippingStreet TEXT, shippingCity TEXT, shippingState TEXT, shippingPostalCode TEXT, shippingCountry TEXT,
    customFields TEXT,
    secureFields TEXT,
    primaryContactLinkId INTEGER
"#,
    ),
];

/// The statement that creates `name` with one of [`KEPT_ID_TABLES`]' columns.
pub fn kept_id_table(name: &str, columns: &str) -> String {
    format!("CREATE TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY AUTOINCREMENT, {columns})")
}

/// The tables, and the indexes and triggers of their own; what search adds
/// is `find::index`.
pub(crate) const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS clients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    hasEncryptionKey INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    clientId INTEGER NOT NULL REFERENCES clients(id),
    userName TEXT NOT NULL,
    password TEXT NOT NULL,
    role TEXT NOT NULL,
    UNIQUE (clientId, userName)
);
CREATE TABLE IF NOT EXISTS accessTokens (token TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS agents (
    id INTEGER PRIMARY KEY, clientId INTEGER NOT NULL REFERENCES clients(id), name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agentTeams (
    id INTEGER PRIMARY KEY, clientId INTEGER NOT NULL REFERENCES clients(id), name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS campaigns (
    id TEXT NOT NULL, clientId INTEGER NOT NULL REFERENCES clients(id), name TEXT NOT NULL,
    PRIMARY KEY (clientId, id)
);
-- The contacts of Contact Manager that links may name.
CREATE TABLE IF NOT EXISTS contactDirectory (
    id TEXT NOT NULL, clientId INTEGER NOT NULL REFERENCES clients(id), name TEXT NOT NULL,
    PRIMARY KEY (clientId, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS accountsByNumber ON accounts (clientId, accountNumber)
    WHERE accountNumber IS NOT NULL;
-- Each custom field value of each account, as the account's customFields JSON
-- holds it, kept by the triggers below: what a custom-field criterion reads,
-- by client and field, without parsing every account's JSON.
CREATE TABLE IF NOT EXISTS customFieldValues (
    accountId INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    clientId INTEGER NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (accountId, field)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS customFieldValuesByField ON customFieldValues (clientId, field, value);
CREATE TRIGGER IF NOT EXISTS customFieldValuesOnInsert AFTER INSERT ON accounts
WHEN NEW.customFields IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO customFieldValues (accountId, clientId, field, value)
        SELECT NEW.id, NEW.clientId, value ->> 'field', value ->> 'value' FROM json_each(NEW.customFields)
        WHERE value ->> 'field' IS NOT NULL AND value ->> 'value' IS NOT NULL;
END;
CREATE TRIGGER IF NOT EXISTS customFieldValuesOnUpdate AFTER UPDATE OF customFields ON accounts
BEGIN
    DELETE FROM customFieldValues WHERE accountId = NEW.id;
    INSERT OR REPLACE INTO customFieldValues (accountId, clientId, field, value)
        SELECT NEW.id, NEW.clientId, value ->> 'field', value ->> 'value' FROM json_each(NEW.customFields)
        WHERE value ->> 'field' IS NOT NULL AND value ->> 'value' IS NOT NULL;
END;
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY,
    accountId INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    createdDate INTEGER NOT NULL,
    createdBy TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notesByAccount ON notes (accountId);
CREATE TABLE IF NOT EXISTS contactLinks (
    id INTEGER PRIMARY KEY,
    accountId INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contact TEXT NOT NULL,
    createdDate INTEGER NOT NULL,
    createdBy TEXT NOT NULL,
    modifiedDate INTEGER NOT NULL,
    UNIQUE (accountId, contact)
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY,
    accountId INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    clientId INTEGER NOT NULL,
    createdDate INTEGER NOT NULL,
    createdBy TEXT NOT NULL,
    name TEXT NOT NULL,
    descriptions TEXT,
    parentType TEXT NOT NULL,
    parentId INTEGER
);
CREATE INDEX IF NOT EXISTS historyByAccount ON history (accountId);
"#;

/// The database: cheap to clone, shared by every request.
#[derive(Clone, Debug)]
pub struct Db {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves a connection that is still usable.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why [`Db::open`] failed.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the folder {}: {source}", dir.display())]
    Io { dir: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot make the ids of {table} permanent: {reason}")]
    Migration { table: &'static str, reason: String },
}

impl Db {
    /// Opens (creating when needed) the database in `dir` and its schema, and
    /// repairs what an older sandbox stored (`upgrade.rs`).
    pub fn open(dir: &Path) -> Result<Db, OpenError> {
        std::fs::create_dir_all(dir).map_err(|source| OpenError::Io { dir: dir.to_path_buf(), source })?;
        let path = dir.join(FILE_NAME);
        let mut writer = connect(&path)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        crate::upgrade::keep_ids(&mut writer)?;
        for (table, columns) in KEPT_ID_TABLES {
            writer.execute_batch(&kept_id_table(table, columns))?;
        }
        writer.execute_batch(SCHEMA)?;
        crate::upgrade::repair(&mut writer)?;
        Ok(Db { inner: Arc::new(Inner { path, writer: Mutex::new(writer), readers: Mutex::new(Vec::new()) }) })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` on a reader connection.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.clone();
        blocking(move || db.read_blocking(f)).await
    }

    /// Runs `f` in one write transaction: committed when it answers `Ok`,
    /// rolled back otherwise.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.clone();
        blocking(move || db.write_blocking(f)).await
    }

    pub fn read_blocking<T>(&self, f: impl FnOnce(&Connection) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let pooled = lock(&self.inner.readers).pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => connect(&self.inner.path)?,
        };
        let result = f(&conn);
        lock(&self.inner.readers).push(conn);
        result
    }

    pub fn write_blocking<T>(&self, f: impl FnOnce(&Transaction) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let mut conn = lock(&self.inner.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| ApiError::Internal(format!("storage task: {e}")))?
}

fn connect(path: &Path) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Reads through a memory map (SQLite caps it at its build's limit, 2 GiB)
    // rather than a copy per page: the walks of search read many pages.
    conn.pragma_update(None, "mmap_size", 1_i64 << 31)?;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("contains_folded", 2, flags, |ctx| {
        let needle = text_argument(ctx, 1)?.unwrap_or_default();
        Ok(text_argument(ctx, 0)?.is_some_and(|haystack| contains_folded(haystack, needle)))
    })?;
    conn.create_scalar_function("fold_case", 1, flags, |ctx| Ok(text_argument(ctx, 0)?.map(fold_case)))?;
    crate::find::sets::register(&conn)?;
    Ok(conn)
}

/// Argument `i` of an SQL function call as text, or `None` for NULL.
fn text_argument<'a>(ctx: &'a Context<'_>, i: usize) -> rusqlite::Result<Option<&'a str>> {
    ctx.get_raw(i).as_str_or_null().map_err(|e| rusqlite::Error::UserFunctionError(e.into()))
}

/// Text with case folded away, the one way the sandbox ignores case in any
/// script: search and the uniqueness of classification and type names.
pub fn fold_case(text: &str) -> String {
    text.to_lowercase()
}

/// True when `haystack` contains `folded_needle` ignoring case; the needle is
/// already folded ([`fold_case`]). ASCII text, the common case, needs no
/// allocation.
pub fn contains_folded(haystack: &str, folded_needle: &str) -> bool {
    if folded_needle.is_empty() {
        return true;
    }
    if haystack.is_ascii() {
        if !folded_needle.is_ascii() {
            return false;
        }
        let needle = folded_needle.as_bytes();
        return haystack.as_bytes().windows(needle.len()).any(|window| window.eq_ignore_ascii_case(needle));
    }
    fold_case(haystack).contains(folded_needle)
}

/// Milliseconds since the Unix epoch, as the API's dates are.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::{Db, OpenError, contains_folded, fold_case};

    #[test]
    fn substring_match_ignores_case_in_any_script() {
        assert!(contains_folded("QA042220055716", "200"));
        assert!(contains_folded("Acme Widgets", "widg"));
        assert!(contains_folded("Müller Logistik GmbH", "müller"));
        assert!(contains_folded("MÜLLER", "müll"));
        assert!(!contains_folded("Acme", "ü"));
        assert!(!contains_folded("Acme", "acmes"));
    }

    #[test]
    fn folded_names_match_in_any_script() {
        assert_eq!(fold_case("Émeraude"), fold_case("éMERAUDE"));
        assert_eq!(fold_case("ΩMEGA"), fold_case("ωmega"));
        assert_ne!(fold_case("Émeraude"), fold_case("Emeraude"));
    }

    #[test]
    fn a_data_folder_that_cannot_be_created_is_an_io_error_naming_it() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join("a-file");
        std::fs::write(&file, "not a folder").expect("a file");
        let error = Db::open(&file.join("data")).expect_err("a folder inside a file");
        assert!(matches!(error, OpenError::Io { .. }), "{error:?}");
        assert!(error.to_string().contains("a-file"), "{error}");
    }
}
