//! Every plan of `find` answers what the plain definition says: each
//! criterion and each sort, alone and combined, every page, checked against
//! a naive filter and sort of a few thousand generated accounts (mixed
//! scripts, case variants, empty values, ties, two clients), under limits
//! that force each plan in turn, before and after writes that the triggers
//! must follow.

use account_model::{PageQuery, SearchRequest};
use rusqlite::{Connection, params};
use serde_json::{Value, json};

use crate::{
    db::{Db, contains_folded, fold_case},
    demo,
    find::{Limits, criteria, order::Order, page_ids, plain},
};

const CLIENT: i64 = 94_572;
const OTHER_CLIENT: i64 = 94_573;

/// A small deterministic generator (xorshift64*).
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// One of `items`, or none `percent_empty` times in a hundred.
    fn maybe<'a>(&mut self, percent_empty: usize, items: &[&'a str]) -> Option<&'a str> {
        (self.below(100) >= percent_empty).then(|| self.pick(items))
    }
}

const NAMES: [&str; 24] = [
    "Acme",
    "ACME",
    "acme",
    "Müller",
    "MÜLLER",
    "Zürich",
    "zürich",
    "Σίσυφος",
    "ΣΊΣΥΦΟΣ",
    "東京",
    "İstanbul",
    "istanbul",
    "Ab",
    "a",
    "ü",
    "Q",
    "Straße",
    "STRASSE",
    "naïve",
    "O'Neil",
    "\"quoted\"",
    "Café",
    "x y",
    "😀 Smile",
];
const NUMBER_PREFIXES: [&str; 3] = ["ACC-", "NR", "Ü-"];
const INDUSTRIES: [&str; 7] = ["Software", "software", "SOFTWARE", "Banking", "Énergie", "énergie", "Food & Beverage"];
const CITIES: [&str; 10] =
    ["Osaka", "OSAKA", "München", "MÜNCHEN", "São Paulo", "Zürich", "Kraków", "Reykjavík", "İzmir", "a"];
const CUSTOM_VALUES: [&str; 6] = ["42", "142", "x", "Ünï", "abc", "ABC"];

/// One generated account's columns, in the order of [`INSERT`].
fn account(dice: &mut Dice, n: usize) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value as V;
    let text = |t: Option<String>| t.map_or(V::Null, V::Text);
    let mut name = dice.pick(&NAMES).to_string();
    if dice.below(3) == 0 {
        name = format!("{name} {}", dice.pick(&NAMES));
    }
    // Unique, as the schema wants, but each odd one ties with the one before
    // it when case is ignored (when both picked the same prefix).
    let prefix = dice.pick(&NUMBER_PREFIXES);
    let prefix = if n % 2 == 1 { prefix.to_lowercase() } else { prefix.to_string() };
    let number = (dice.below(100) >= 15).then(|| format!("{prefix}{}", n - n % 2));
    let phone = |dice: &mut Dice, empty| (dice.below(100) >= empty).then(|| format!("+1650{}", dice.below(100_000)));
    let mut custom = Vec::new();
    for field in ["COL1", "COL2", "COL3"] {
        if dice.below(10) < 6 {
            custom.push(json!({"field": field, "value": dice.pick(&CUSTOM_VALUES)}));
        }
    }
    let created = 1_000_000 + dice.below(200) as i64 * 1000;
    vec![
        V::Integer(if dice.below(10) == 0 { OTHER_CLIENT } else { CLIENT }),
        V::Integer(created),
        V::Integer(created + dice.below(100) as i64 * 1000),
        V::Text(name),
        text(number),
        text(dice.maybe(15, &INDUSTRIES).map(str::to_string)),
        text(dice.maybe(15, &CITIES).map(str::to_string)),
        text(phone(dice, 10)),
        // NUL and the text indexes' end mark, in a field no order reads
        // (SQLite compares text with NUL in ways a naive order would not).
        text(if n.is_multiple_of(13) { Some("+1\u{0}65\u{1}0".into()) } else { phone(dice, 60) }),
        text(phone(dice, 80)),
        if dice.below(5) == 0 { V::Null } else { V::Integer(dice.below(50) as i64 * 1000) },
        if dice.below(5) == 0 { V::Null } else { V::Integer(dice.below(30) as i64) },
        text((!custom.is_empty()).then(|| Value::Array(custom).to_string())),
        text(n.is_multiple_of(7).then(|| format!("note {}", dice.pick(&NAMES)))),
    ]
}

const INSERT: &str = "INSERT INTO accounts (clientId, createdDate, modifiedDate, createdBy, modifiedBy, name,
    accountNumber, industry, billingCity, phoneOffice, phoneAlternate, phoneFax, annualRevenue, numOfEmployees,
    customFields, description) VALUES (?1, ?2, ?3, 'gen', 'gen', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/// An account as the naive search reads it.
#[derive(Debug)]
struct Row {
    id: i64,
    texts: Vec<(&'static str, Option<String>)>,
    integers: Vec<(&'static str, Option<i64>)>,
    custom: Vec<(String, String)>,
}

const TEXT_COLUMNS: [&str; 8] =
    ["name", "accountNumber", "industry", "billingCity", "phoneOffice", "phoneAlternate", "phoneFax", "description"];
const INTEGER_COLUMNS: [&str; 4] = ["annualRevenue", "numOfEmployees", "createdDate", "modifiedDate"];

fn rows(conn: &Connection) -> Vec<Row> {
    let sql = format!(
        "SELECT id, customFields, {}, {} FROM accounts WHERE clientId = {CLIENT}",
        TEXT_COLUMNS.join(", "),
        INTEGER_COLUMNS.join(", ")
    );
    let mut statement = conn.prepare(&sql).expect("prepares");
    let found = statement.query_map([], |row| {
        let custom: Option<String> = row.get(1)?;
        let custom = custom.map_or_else(Vec::new, |json| {
            let list: Vec<Value> = serde_json::from_str(&json).expect("custom fields");
            list.iter().map(|f| (f["field"].as_str().unwrap().into(), f["value"].as_str().unwrap().into())).collect()
        });
        Ok(Row {
            id: row.get(0)?,
            texts: TEXT_COLUMNS
                .iter()
                .enumerate()
                .map(|(i, c)| Ok((*c, row.get(i + 2)?)))
                .collect::<rusqlite::Result<_>>()?,
            integers: INTEGER_COLUMNS
                .iter()
                .enumerate()
                .map(|(i, c)| Ok((*c, row.get(i + 2 + TEXT_COLUMNS.len())?)))
                .collect::<rusqlite::Result<_>>()?,
            custom,
        })
    });
    found.expect("reads").collect::<rusqlite::Result<_>>().expect("rows")
}

impl Row {
    fn text(&self, column: &str) -> Option<&str> {
        self.texts.iter().find(|(c, _)| *c == column).and_then(|(_, v)| v.as_deref())
    }

    fn integer(&self, column: &str) -> Option<i64> {
        self.integers.iter().find(|(c, _)| *c == column).and_then(|(_, v)| *v)
    }

    /// The naive reading of a search's criteria (as `search.rs` of the model
    /// lists them: text as case-folded substrings, ranges with their ends).
    fn matches(&self, search: &Value) -> bool {
        let Some(search) = search.as_object() else { return true };
        search.iter().all(|(key, value)| {
            let holds = |column: &str, needle: &str| {
                self.text(column).is_some_and(|text| contains_folded(text, &fold_case(needle.trim())))
            };
            let within = |column: &str, low: Option<i64>, high: Option<i64>| {
                self.integer(column).is_some_and(|v| low.is_none_or(|l| v >= l) && high.is_none_or(|h| v <= h))
            };
            match key.as_str() {
                "billingAddress" => holds("billingCity", value["city"].as_str().unwrap()),
                "customFields" => value.as_array().unwrap().iter().all(|pair| {
                    let needle = fold_case(pair["value"].as_str().unwrap().trim());
                    self.custom.iter().any(|(f, v)| f == pair["field"].as_str().unwrap() && contains_folded(v, &needle))
                }),
                "id" => self.id == value.as_i64().unwrap(),
                "annualRevenue" | "numOfEmployees" => within(key, value.as_i64(), value.as_i64()),
                "annualRevenueStart" => within("annualRevenue", value.as_i64(), None),
                "annualRevenueEnd" => within("annualRevenue", None, value.as_i64()),
                "modifiedDateStart" => within("modifiedDate", value.as_i64(), None),
                "modifiedDateEnd" => within("modifiedDate", None, value.as_i64()),
                text => holds(text, value.as_str().unwrap()),
            }
        })
    }
}

/// SQLite's NOCASE: bytes compared with ASCII letters lower-cased.
fn nocase(text: &str) -> Vec<u8> {
    text.bytes().map(|b| b.to_ascii_lowercase()).collect()
}

/// The naive answer: matching accounts, sorted (empty values last either
/// way, ties by id in the same direction).
fn naive(rows: &[Row], search: &Value, sort: Option<(&str, bool)>) -> Vec<i64> {
    let mut found: Vec<&Row> = rows.iter().filter(|row| row.matches(search)).collect();
    let (column, descending) = sort.unwrap_or(("name", false));
    found.sort_by(|a, b| {
        let key = |row: &Row| -> Option<(Vec<u8>, i64)> {
            if INTEGER_COLUMNS.contains(&column) {
                row.integer(column).map(|v| (Vec::new(), v))
            } else {
                row.text(column).map(|t| (nocase(t), 0))
            }
        };
        let (ka, kb) = (key(a), key(b));
        let by_value = match (&ka, &kb) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Greater,
            (Some(_), None) => return std::cmp::Ordering::Less,
            (Some(x), Some(y)) => x.cmp(y),
        };
        let ordering = by_value.then(a.id.cmp(&b.id));
        if descending { ordering.reverse() } else { ordering }
    });
    found.iter().map(|row| row.id).collect()
}

fn searches(some_id: i64) -> Vec<Value> {
    let fields = |pairs: &[(&str, &str)]| -> Value {
        pairs.iter().map(|(field, value)| json!({"field": field, "value": value})).collect()
    };
    vec![
        json!({}),
        json!({"name": "a"}),
        json!({"name": "ü"}),
        json!({"name": "Ü"}),
        json!({"name": "ab"}),
        json!({"name": "zü"}),
        json!({"name": "σ"}),
        json!({"name": "東"}),
        json!({"name": "i̇"}),
        json!({"name": "😀"}),
        json!({"name": "acme"}),
        json!({"name": "zürich"}),
        json!({"name": "ΣΊΣ"}),
        json!({"name": "ss"}),
        json!({"name": "\"quo"}),
        json!({"name": "e a"}),
        json!({"name": "nothing"}),
        json!({"accountNumber": "1"}),
        json!({"accountNumber": "42"}),
        json!({"accountNumber": "acc-4"}),
        json!({"accountNumber": "ü-1"}),
        json!({"billingAddress": {"city": "osaka"}}),
        json!({"billingAddress": {"city": "ü"}}),
        json!({"billingAddress": {"city": "a"}}),
        json!({"industry": "soft"}),
        json!({"industry": "é"}),
        json!({"industry": "x"}),
        json!({"phoneOffice": "650"}),
        json!({"phoneOffice": "5"}),
        json!({"phoneAlternate": "165012"}),
        json!({"phoneAlternate": "\u{0}6"}),
        json!({"phoneAlternate": "5\u{1}"}),
        json!({"phoneAlternate": "1"}),
        json!({"phoneAlternate": "65"}),
        json!({"phoneFax": "99"}),
        json!({"description": "a"}),
        json!({"annualRevenueStart": 10000, "annualRevenueEnd": 20000}),
        json!({"annualRevenueStart": 45000}),
        json!({"annualRevenueEnd": 0}),
        json!({"annualRevenue": 3000}),
        json!({"numOfEmployees": 7}),
        json!({"modifiedDateStart": 1_050_000, "modifiedDateEnd": 1_150_000}),
        json!({"id": some_id}),
        json!({"customFields": fields(&[("COL1", "42")])}),
        json!({"customFields": fields(&[("COL2", "ü")])}),
        json!({"customFields": fields(&[("COL1", "4"), ("COL3", "b")])}),
        json!({"name": "a", "billingAddress": {"city": "osaka"}}),
        json!({"name": "acme", "annualRevenueStart": 5000, "annualRevenueEnd": 30000}),
        json!({"industry": "soft", "customFields": fields(&[("COL1", "4")])}),
        json!({"accountNumber": "1", "modifiedDateStart": 1_020_000}),
        json!({"phoneOffice": "5", "name": "ü"}),
    ]
}

const SORTS: [Option<(&str, bool)>; 17] = [
    None,
    Some(("name", false)),
    Some(("name", true)),
    Some(("accountNumber", false)),
    Some(("accountNumber", true)),
    Some(("annualRevenue", false)),
    Some(("annualRevenue", true)),
    Some(("numOfEmployees", false)),
    Some(("numOfEmployees", true)),
    Some(("industry", false)),
    Some(("industry", true)),
    Some(("createdDate", false)),
    Some(("createdDate", true)),
    Some(("modifiedDate", false)),
    Some(("modifiedDate", true)),
    Some(("description", false)),
    Some(("phoneOffice", true)),
];

/// Limits that send each search down each plan: the usual ones; tiny ones
/// (sets, distinct values and trigrams mostly past them, so criteria are
/// tested on the walk); no fetching (every set walked); no sets at all.
const LIMITS: [Limits; 4] = [
    Limits::DEFAULT,
    Limits { set: 60, fetch: 8, values: 3, terms: 5 },
    Limits { set: 100_000, fetch: 0, values: 100, terms: 1000 },
    Limits { set: 0, fetch: 0, values: 0, terms: 0 },
];

fn request(search: &Value, sort: Option<(&str, bool)>) -> SearchRequest {
    let mut body = json!({"search": search});
    if let Some((property, descending)) = sort {
        body["sort"] = json!({"property": property, "direction": if descending { "DESC" } else { "ASC" }});
    }
    serde_json::from_value(body).expect("a search request")
}

/// Checks every search, sort, page and limit against the naive answer and
/// the plain definition.
fn check_all(db: &Db) {
    db.read_blocking(|conn| {
        let rows = rows(conn);
        let some_id = rows[rows.len() / 3].id;
        // Each search in a third of the orders (and by name), each order
        // with a third of the searches: every pair would take minutes.
        for (i, search) in searches(some_id).into_iter().enumerate() {
            for sort in SORTS.into_iter().enumerate().filter(|(j, _)| (i + j) % 3 == 0 || *j == 0).map(|(_, s)| s) {
                let expected = naive(&rows, &search, sort);
                let request = request(&search, sort);
                let total = expected.len();
                let pages = [(0, 50), (3, 7), (total / 2, 10), (total.saturating_sub(4), 10), (total + 1, 5)];
                let definition = plain(
                    conn,
                    CLIENT,
                    &criteria::of(&request, CLIENT)?,
                    &Order::of(request.sort.as_ref())?,
                    0,
                    total + 10,
                )?;
                assert_eq!(definition, expected, "the naive reading is the definition: {search} {sort:?}");
                for (offset, count) in pages {
                    let page = PageQuery { offset: offset as u64, count };
                    let want: Vec<i64> = expected.iter().skip(offset).take(count as usize + 1).copied().collect();
                    for limits in &LIMITS {
                        let found = page_ids(conn, CLIENT, &request, page, limits)?;
                        assert_eq!(found, want, "{search} sorted {sort:?}, offset {offset} count {count}, {limits:?}");
                    }
                }
            }
        }
        Ok(())
    })
    .expect("searches");
}

#[test]
fn every_plan_answers_what_the_definition_does_for_every_criterion_sort_and_page() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = Db::open(dir.path()).expect("opens");
    demo::bootstrap(&db).expect("bootstrap");
    let mut dice = Dice(0x5EED);
    db.write_blocking(|tx| {
        let mut insert = tx.prepare(INSERT)?;
        for n in 0..3000 {
            insert.execute(rusqlite::params_from_iter(account(&mut dice, n)))?;
        }
        Ok(())
    })
    .expect("accounts");
    check_all(&db);

    // Writes the triggers must follow: texts, custom fields and numbers
    // changed, accounts deleted and added; then the other client's accounts
    // go, so that the text indexes hold this client's alone.
    db.write_blocking(|tx| {
        let ids: Vec<i64> = tx
            .prepare("SELECT id FROM accounts ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for (n, id) in ids.iter().enumerate().filter(|(n, _)| n.is_multiple_of(5)) {
            let fresh = account(&mut dice, 10_000 + n);
            tx.execute(
                "UPDATE accounts SET name = ?, accountNumber = ?, billingCity = ?, phoneOffice = ?, phoneFax = NULL,
                    customFields = ?, annualRevenue = ? WHERE id = ?",
                params![fresh[3], fresh[4], fresh[6], fresh[7], fresh[12], fresh[10], id],
            )?;
        }
        for id in ids.iter().filter(|id| *id % 11 == 0) {
            tx.execute("DELETE FROM accounts WHERE id = ?", [id])?;
        }
        let mut insert = tx.prepare(INSERT)?;
        for n in 20_000..20_300 {
            insert.execute(rusqlite::params_from_iter(account(&mut dice, n)))?;
        }
        Ok(())
    })
    .expect("writes");
    check_all(&db);
    db.write_blocking(|tx| Ok(tx.execute("DELETE FROM accounts WHERE clientId = ?", [OTHER_CLIENT])?))
        .expect("the other client's accounts go");
    check_all(&db);
}
