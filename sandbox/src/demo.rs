//! First-start bootstrap and demo data.
//!
//! On an empty database [`bootstrap`] creates the access token, the `DEMO`
//! client (with an encryption key) and its users, a `NOKEY` client whose site
//! has no encryption key (its reads answer `errorMsg`), and each client's
//! reference data: agents, agent teams, campaigns, Contact Manager contacts,
//! classifications and types. [`seed_accounts`] adds deterministic, realistic
//! accounts: the same data on every machine.

use account_model::ListField;
use rusqlite::{Transaction, params};

use crate::{db::Db, error::ApiError};

pub const ACCESS_TOKEN: &str = "demo-token";
pub const CLIENT: &str = "DEMO";
pub const NO_KEY_CLIENT: &str = "NOKEY";
pub const PASSWORD: &str = "demo";
/// The demo users, their roles, and in how many days their passwords expire
/// (as the login answer says; `expiring` shows the console's warning).
pub const USERS: [(&str, &str, i64); 4] = [
    ("sysadmin", "Sysadmin", 30),
    ("superuser", "Superuser", 30),
    ("manager", "Manager", 30),
    ("expiring", "Superuser", 7),
];

/// Days until `user`'s password expires (30 for anyone not listed).
pub fn password_days_left(user: &str) -> i64 {
    USERS.iter().find(|(name, _, _)| name.eq_ignore_ascii_case(user)).map_or(30, |(_, _, days)| *days)
}

const CLASSIFICATIONS: [&str; 4] = ["Platinum", "Gold", "Silver", "Bronze"];
const TYPES: [&str; 5] = ["Hospital", "Bank", "Grocery", "Advertisement", "Software"];
const AGENTS: [&str; 8] = [
    "Ana Souza",
    "Bjørn Hansen",
    "Chen Wei",
    "Dara O'Neill",
    "Émile Laurent",
    "Fatima Zahra",
    "Gita Rao",
    "Hugo Brandt",
];
const TEAMS: [&str; 4] = ["North Desk", "South Desk", "Key Accounts", "Renewals"];
const CAMPAIGNS: [&str; 4] = ["Spring Outreach", "Renewal Drive", "Win-back", "Trade Show Follow-up"];
/// How many Contact Manager contacts each client has (`CT-0001`...).
pub const DIRECTORY_SIZE: u32 = 300;

/// Ids are offset per client so that every id is unique across clients.
const CLIENT_ID_STRIDE: i64 = 1000;

/// The reference data ids of the first client, for tests and docs.
pub const FIRST_AGENT_ID: i64 = 595_348;
pub const FIRST_TEAM_ID: i64 = 16_001;
pub const FIRST_CAMPAIGN_ID: i64 = 28_571_101;

/// What [`bootstrap`] created, to print at start.
#[derive(Debug)]
pub struct Bootstrapped {
    pub created: bool,
}

/// Creates token, clients, users and reference data when the database has no
/// client yet. Safe to call on every start.
pub fn bootstrap(db: &Db) -> Result<Bootstrapped, ApiError> {
    db.write_blocking(|tx| {
        let clients: i64 = tx.query_row("SELECT COUNT(*) FROM clients", [], |row| row.get(0))?;
        if clients > 0 {
            return Ok(Bootstrapped { created: false });
        }
        tx.execute("INSERT INTO accessTokens (token) VALUES (?)", [ACCESS_TOKEN])?;
        for (index, (client, has_key)) in [(CLIENT, true), (NO_KEY_CLIENT, false)].into_iter().enumerate() {
            let client_id = 94_572 + index as i64;
            tx.execute(
                "INSERT INTO clients (id, name, hasEncryptionKey) VALUES (?, ?, ?)",
                params![client_id, client, has_key],
            )?;
            for (user, role, _) in USERS {
                tx.execute(
                    "INSERT INTO users (clientId, userName, password, role) VALUES (?, ?, ?, ?)",
                    params![client_id, user, PASSWORD, role],
                )?;
            }
            reference_data(tx, client_id, index as i64 * CLIENT_ID_STRIDE)?;
        }
        Ok(Bootstrapped { created: true })
    })
}

fn reference_data(tx: &Transaction, client_id: i64, shift: i64) -> Result<(), ApiError> {
    for (i, name) in AGENTS.iter().enumerate() {
        tx.execute(
            "INSERT INTO agents (id, clientId, name) VALUES (?, ?, ?)",
            params![FIRST_AGENT_ID + shift + i as i64, client_id, name],
        )?;
    }
    for (i, name) in TEAMS.iter().enumerate() {
        tx.execute(
            "INSERT INTO agentTeams (id, clientId, name) VALUES (?, ?, ?)",
            params![FIRST_TEAM_ID + shift + i as i64, client_id, name],
        )?;
    }
    for (i, name) in CAMPAIGNS.iter().enumerate() {
        let id = (FIRST_CAMPAIGN_ID + shift + i as i64).to_string();
        tx.execute("INSERT INTO campaigns (id, clientId, name) VALUES (?, ?, ?)", params![id, client_id, name])?;
    }
    for n in 1..=DIRECTORY_SIZE {
        let name = format!(
            "{} {}",
            FIRST_NAMES[n as usize % FIRST_NAMES.len()],
            LAST_NAMES[n as usize * 7 % LAST_NAMES.len()]
        );
        tx.execute(
            "INSERT INTO contactDirectory (id, clientId, name) VALUES (?, ?, ?)",
            params![contact_id(n), client_id, name],
        )?;
    }
    for (table, names) in [("classifications", &CLASSIFICATIONS[..]), ("accountTypes", &TYPES[..])] {
        for (level, name) in names.iter().enumerate() {
            tx.execute(
                &format!("INSERT INTO {table} (clientId, name, level) VALUES (?, ?, ?)"),
                params![client_id, name, level as i64 + 1],
            )?;
        }
    }
    Ok(())
}

/// The id of the n-th Contact Manager contact.
pub fn contact_id(n: u32) -> String {
    format!("CT-{n:04}")
}

/// A small deterministic generator (xorshift64*): the same accounts everywhere.
#[derive(Debug)]
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const NAME_STARTS: [&str; 24] = [
    "Acme",
    "Blue Harbor",
    "Cedar",
    "Delta",
    "Evergreen",
    "Fjord",
    "Granite",
    "Horizon",
    "Iron Gate",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Müller",
    "Nordlicht",
    "Orchard",
    "Pioneer",
    "Quartz",
    "Riverside",
    "Société Générale de",
    "Summit",
    "Tōkyō",
    "Ümit",
    "Vega",
    "Zürich",
];
const NAME_ENDS: [&str; 12] = [
    "Logistics",
    "Health",
    "Bank",
    "Foods",
    "Software",
    "Media",
    "Energy",
    "Textiles",
    "Café",
    "Insurance",
    "Manufacturing",
    "Retail",
];
const SUFFIXES: [&str; 8] = ["Inc.", "GmbH", "Ltd", "S.A.", "AG", "LLC", "KK", "& Co."];
const INDUSTRIES: [&str; 10] = [
    "Software",
    "Banking",
    "Healthcare",
    "Retail",
    "Logistics",
    "Energy",
    "Media",
    "Insurance",
    "Manufacturing",
    "Food & Beverage",
];
const RATINGS: [&str; 3] = ["Hot", "Warm", "Cold"];
const OWNERSHIP: [&str; 3] = ["Private", "Public", "Subsidiary"];
const SOURCES: [&str; 5] = ["Advertisement", "Data.com", "Trade Show", "Referral", "Web"];
const CITIES: [(&str, &str, &str); 10] = [
    ("Bangalore", "KA", "India"),
    ("München", "BY", "Germany"),
    ("São Paulo", "SP", "Brazil"),
    ("Zürich", "ZH", "Switzerland"),
    ("Austin", "TX", "USA"),
    ("Kraków", "MA", "Poland"),
    ("Lyon", "ARA", "France"),
    ("Osaka", "27", "Japan"),
    ("Toronto", "ON", "Canada"),
    ("Reykjavík", "", "Iceland"),
];
const STREETS: [&str; 6] = ["Main Street", "MG Road", "Bahnhofstraße", "Rua Augusta", "Queen Street", "Avenue Foch"];
const FIRST_NAMES: [&str; 8] = ["Ada", "Björn", "Chloé", "Dmitri", "Eun-ji", "Farah", "Giulia", "Håkon"];
const LAST_NAMES: [&str; 8] = ["Okafor", "Lindqvist", "Martín", "Nakamura", "O'Brien", "Petrović", "Quispe", "Rossi"];
const NOTE_TOPICS: [&str; 5] = ["Renewal call", "Pricing question", "Site visit", "Contract sent", "Escalation"];

/// The ids of a reference-data table's rows that belong to the client.
fn client_ids<T: rusqlite::types::FromSql>(tx: &Transaction, table: &str, client_id: i64) -> Result<Vec<T>, ApiError> {
    let mut statement = tx.prepare(&format!("SELECT id FROM {table} WHERE clientId = ? ORDER BY id"))?;
    let rows = statement.query_map([client_id], |row| row.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A plausible ASCII host name for a company name.
fn website(company: &str) -> String {
    let slug: String = company
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => Some(c.to_ascii_lowercase()),
            ' ' => Some('-'),
            _ => None,
        })
        .collect();
    format!("www.{}.example", slug.trim_matches('-'))
}

/// SQLite's page cache while seeding, in KiB (as `cache_size` takes it,
/// negative): 512 MiB.
const SEED_CACHE_KIB: i64 = -512 * 1024;

/// Adds `count` demo accounts to the client named `client` when it has none.
/// Answers how many it added.
pub fn seed_accounts(db: &Db, client: &str, count: u32) -> Result<u32, ApiError> {
    db.write_blocking(|tx| {
        let client_id: i64 = tx.query_row("SELECT id FROM clients WHERE name = ?", [client], |row| row.get(0))?;
        let existing: i64 = tx.query_row("SELECT COUNT(*) FROM accounts WHERE clientId = ?", [client_id], |row| row.get(0))?;
        if existing > 0 || count == 0 {
            return Ok(0);
        }
        // The indexes search reads are built once at the end, and the pages
        // they touch meanwhile stay in memory: many times faster than each
        // insert updating them.
        let cache: i64 = tx.query_row("PRAGMA cache_size", [], |row| row.get(0))?;
        tx.pragma_update(None, "cache_size", SEED_CACHE_KIB)?;
        let first = crate::find::index::suspend(tx)?;
        let (classifications, types, agents, teams): (Vec<i64>, Vec<i64>, Vec<i64>, Vec<i64>) = (
            client_ids(tx, "classifications", client_id)?,
            client_ids(tx, "accountTypes", client_id)?,
            client_ids(tx, "agents", client_id)?,
            client_ids(tx, "agentTeams", client_id)?,
        );
        let campaigns: Vec<String> = client_ids(tx, "campaigns", client_id)?;
        let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ client_id as u64);
        // 2024-01-01T00:00:00Z; accounts are spread over the following years.
        let epoch: i64 = 1_704_067_200_000;
        let mut insert_account = tx.prepare(
            "INSERT INTO accounts (clientId, createdDate, createdBy, modifiedDate, modifiedBy, name, description, industry,
                annualRevenue, phoneFax, rating, phoneOffice, phoneAlternate, website, ownershipType, numOfEmployees,
                tickerSymbol, campaignId, accountNumber, originalAccountNumber, agentId, agentTeamId, accountSource,
                sicCode, sicDesc, classificationId, typeId, billingStreet, billingCity, billingState, billingPostalCode,
                billingCountry, shippingStreet, shippingCity, shippingState, shippingPostalCode, shippingCountry,
                customFields, secureFields)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
                ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39)",
        )?;
        let mut insert_note = tx.prepare(
            "INSERT INTO notes (accountId, name, description, createdDate, createdBy) VALUES (?, ?, ?, ?, ?)",
        )?;
        let mut insert_link = tx.prepare(
            "INSERT OR IGNORE INTO contactLinks (accountId, contact, createdDate, createdBy, modifiedDate) VALUES (?, ?, ?, ?, ?)",
        )?;
        let mut insert_history = tx.prepare(
            "INSERT INTO history (accountId, clientId, createdDate, createdBy, name, descriptions, parentType, parentId)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )?;
        for n in 1..=count {
            let start = dice.pick(&NAME_STARTS);
            let end = dice.pick(&NAME_ENDS);
            let name = format!("{start} {end} {}", dice.pick(&SUFFIXES));
            let created = epoch + (n as i64) * 3_600_000 + dice.below(3_600_000) as i64;
            let modified = created + dice.below(90 * 86_400_000) as i64;
            let creator = dice.pick(&["sysadmin", "superuser"]);
            let (city, state, country) = CITIES[dice.below(CITIES.len())];
            let street = format!("{} {}", 1 + dice.below(400), dice.pick(&STREETS));
            let postal = format!("{:05}", dice.below(99_999));
            let shipping_street = if dice.chance(30) {
                format!("{} {}", 1 + dice.below(400), dice.pick(&STREETS))
            } else {
                street.clone()
            };
            let ships_elsewhere = dice.chance(30);
            let (ship_city, ship_state, ship_country) = if ships_elsewhere { CITIES[dice.below(CITIES.len())] } else { (city, state, country) };
            let mut custom = Vec::new();
            for col in 1..=4 {
                if dice.chance(60) {
                    custom.push(serde_json::json!({"field": ListField::Col(col).to_string(), "value": dice.below(1000).to_string()}));
                }
            }
            let secure = dice.chance(20).then(|| serde_json::json!([{"field": ListField::Secure(1).to_string(), "value": if dice.chance(50) { "TRUE" } else { "FALSE" }}]).to_string());
            let phone = |dice: &mut Dice| format!("+1650{:07}", dice.below(10_000_000));
            insert_account.execute(params![
                client_id,
                created,
                creator,
                modified,
                creator,
                name,
                format!("{end} account in {city}"),
                dice.pick(&INDUSTRIES),
                (dice.below(50_000) as i64 + 1) * 1_000,
                dice.chance(50).then(|| phone(&mut dice)),
                dice.pick(&RATINGS),
                phone(&mut dice),
                dice.chance(40).then(|| phone(&mut dice)),
                website(start),
                dice.pick(&OWNERSHIP),
                (dice.below(5_000) + 1) as i64,
                dice.chance(30).then(|| start.chars().filter(char::is_ascii_alphabetic).take(4).collect::<String>().to_uppercase()),
                dice.chance(70).then(|| campaigns[dice.below(campaigns.len())].clone()),
                format!("ACC-{n:06}"),
                dice.chance(40).then(|| format!("SF-{:08}", dice.below(100_000_000))),
                dice.chance(80).then(|| agents[dice.below(agents.len())]),
                dice.chance(80).then(|| teams[dice.below(teams.len())]),
                dice.pick(&SOURCES),
                format!("{:04}", 1000 + dice.below(8000)),
                format!("{end} services"),
                dice.chance(85).then(|| classifications[dice.below(classifications.len())]),
                dice.chance(85).then(|| types[dice.below(types.len())]),
                street,
                city,
                (!state.is_empty()).then_some(state),
                postal,
                country,
                shipping_street,
                ship_city,
                (!ship_state.is_empty()).then_some(ship_state),
                postal,
                ship_country,
                (!custom.is_empty()).then(|| serde_json::Value::Array(custom).to_string()),
                secure,
            ])?;
            let account = tx.last_insert_rowid();
            insert_history.execute(params![account, client_id, created, creator, "Account created", Option::<String>::None, "ACCOUNT", account])?;
            for k in 0..dice.below(4) {
                let when = created + (k as i64 + 1) * 86_400_000;
                let topic = dice.pick(&NOTE_TOPICS);
                insert_note.execute(params![account, topic, format!("{topic} with {}.", dice.pick(&FIRST_NAMES)), when, creator])?;
                insert_history.execute(params![account, client_id, when, creator, "Note added", topic, "NOTE", tx.last_insert_rowid()])?;
            }
            let mut first_link = None;
            for k in 0..dice.below(3) {
                let contact = contact_id(1 + dice.below(DIRECTORY_SIZE as usize) as u32);
                let when = created + (k as i64 + 1) * 3_600_000;
                if insert_link.execute(params![account, contact, when, creator, when])? == 1 {
                    let link = tx.last_insert_rowid();
                    first_link.get_or_insert(link);
                    insert_history.execute(params![account, client_id, when, creator, "Contact linked", contact, "CONTACT", link])?;
                }
            }
            if let Some(link) = first_link {
                tx.execute("UPDATE accounts SET primaryContactLinkId = ? WHERE id = ?", [link, account])?;
            }
        }
        crate::find::index::resume(tx, first)?;
        tx.pragma_update(None, "cache_size", cache)?;
        Ok(count)
    })
}
