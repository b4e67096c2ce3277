//! The sandbox as an independent client of the vendor's API reads it: models
//! written from the reference alone, as a third-party C# library would have
//! them (`int` for every Integer, `long` for dates, `string` for strings, no
//! leniency: a number sent as a string, or a string as a number, or an
//! Integer past 32 bits, fails the decoding). Every call of the reference is
//! driven through the router and every answer decoded strictly, before and
//! after attempts to store values past 32 bits, and after a database an
//! older sandbox filled with them is repaired on open.

// A model's fields are there to be decoded, and so checked; most are not read.
#![allow(dead_code)]

use account_sandbox::demo::{FIRST_AGENT_ID, FIRST_CAMPAIGN_ID, FIRST_TEAM_ID};
use axum::http::{Method, StatusCode};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::{Value, json};

use crate::harness::Sandbox;

// ------------------------------------------------------------ the models

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LoginAnswer {
    session_id: String,
    client_id: i32,
    user_id: i32,
    days_until_password_expires: i32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorAnswer {
    code: i32,
    message: String,
}

#[derive(Debug, Deserialize)]
struct Created {
    id: i32,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    street: Option<String>,
    city: Option<String>,
    state: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FieldValue {
    field: String,
    value: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Note {
    id: Option<i32>,
    name: String,
    description: Option<String>,
    created_date: Option<i64>,
    created_by: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ContactLink {
    id: i32,
    created_date: i64,
    created_by: String,
    modified_date: i64,
    contact: String,
    account_id: i32,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HistoryEntry {
    id: i32,
    client_id: i32,
    created_date: i64,
    name: String,
    descriptions: Option<String>,
    parent_type: String,
    parent_id: Option<i32>,
}

/// Read Account's fields (List and Search rows leave the lists out).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Account {
    id: i32,
    created_date: i64,
    created_by: String,
    modified_date: i64,
    modified_by: String,
    client_id: Option<i32>,
    name: String,
    description: Option<String>,
    industry: Option<String>,
    annual_revenue: Option<i32>,
    phone_fax: Option<String>,
    billing_address: Option<Address>,
    rating: Option<String>,
    phone_office: Option<String>,
    phone_alternate: Option<String>,
    website: Option<String>,
    ownership_type: Option<String>,
    num_of_employees: Option<i32>,
    ticker_symbol: Option<String>,
    shipping_address: Option<Address>,
    campaign_id: Option<String>,
    account_number: Option<String>,
    original_account_number: Option<String>,
    agent_id: Option<i32>,
    agent_team_id: Option<i32>,
    account_source: Option<String>,
    sic_code: Option<String>,
    sic_desc: Option<String>,
    classification_id: Option<i32>,
    custom_fields: Option<Vec<FieldValue>>,
    secure_fields: Option<Vec<FieldValue>>,
    type_id: Option<i32>,
    notes: Option<Vec<Note>>,
    contacts: Option<Vec<ContactLink>>,
    classification_name: Option<String>,
    type_name: Option<String>,
    agent_name: Option<String>,
    agent_team_name: Option<String>,
    history: Option<Vec<HistoryEntry>>,
    primary_account_contact: Option<ContactLink>,
    log_id: Option<String>,
    error_msg: Option<String>,
    primary_contact: Option<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    next: Option<String>,
    list_account: Vec<Account>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FailedRow {
    created_by: String,
    client_id: i32,
    name: Option<String>,
    description: Option<String>,
    account_number: Option<String>,
    original_account_number: Option<String>,
}

#[derive(Debug, Deserialize)]
struct BulkCreateFailure {
    data: FailedRow,
    ordinal: i32,
    status: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BulkCreateAnswer {
    success_count: i32,
    update_count: i32,
    fail_count: i32,
    failed_data: Vec<BulkCreateFailure>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BulkLinkFailure {
    item_name: String,
    cause: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BulkLinkAnswer {
    success_count: i32,
    fail_count: i32,
    failed_data: Vec<BulkLinkFailure>,
}

#[derive(Debug, Deserialize)]
struct Category {
    id: i32,
    name: String,
    level: Option<i32>,
}

// ------------------------------------------------------------ the client

/// A signed-in reference client.
struct Client<'a> {
    sandbox: &'a Sandbox,
    session: String,
    /// Read Type is for Sysadmin and Superuser only (NOTES.md).
    reads_a_type: bool,
}

/// Decodes an answer's body strictly into `T`.
#[track_caller]
fn strict<T: DeserializeOwned>(what: &str, body: &Value) -> T {
    serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("{what}: a reference client cannot read {body}: {e}"))
}

impl<'a> Client<'a> {
    async fn sign_in(sandbox: &'a Sandbox, client: &str, user: &str) -> Client<'a> {
        let answer = sandbox.login_as(client, user, "demo", Some("demo-token")).await.expect(StatusCode::OK);
        let login: LoginAnswer = strict("login", &answer.body);
        assert!(login.client_id > 0 && login.user_id > 0 && login.days_until_password_expires > 0, "{login:?}");
        Client { sandbox, session: login.session_id, reads_a_type: user != "manager" }
    }

    /// One call that must answer `status`; answers its body decoded as `T`.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: StatusCode,
    ) -> T {
        let what = format!("{method} {path}");
        let answer = self.sandbox.call(method, path, Some(&self.session), body).await;
        assert_eq!(answer.status, status, "{what}: {}", answer.body);
        strict(&what, &answer.body)
    }

    /// One call that must answer 204 with no body.
    async fn done(&self, method: Method, path: &str, body: Option<Value>) {
        let answer = self.sandbox.call(method.clone(), path, Some(&self.session), body).await;
        assert_eq!((answer.status, &answer.body), (StatusCode::NO_CONTENT, &Value::Null), "{method} {path}");
    }

    /// One call that must be refused with `status`, in the error shape.
    async fn refused(&self, method: Method, path: &str, body: Option<Value>, status: StatusCode) -> ErrorAnswer {
        let error: ErrorAnswer = self.call(method, path, body, status).await;
        let code = if status == StatusCode::NOT_FOUND && error.code == 203 { 404 } else { error.code };
        assert_eq!(i64::from(code), i64::from(status.as_u16()), "{error:?}");
        error
    }

    /// Every page of List Accounts and of a few searches, following `next`,
    /// and every account found read on its own: answers the ids.
    async fn read_everything(&self) -> Vec<i32> {
        let mut ids = Vec::new();
        let mut next = Some("/account/accounts?count=2&offset=0".to_string());
        while let Some(path) = next {
            let page: Page = self.call(Method::GET, &path, None, StatusCode::OK).await;
            ids.extend(page.list_account.iter().map(|a| a.id));
            next = page.next.filter(|n| !n.trim().is_empty());
        }
        let searches = [
            json!({}),
            json!({"search": {"annualRevenueStart": 0}, "sort": {"property": "annualRevenue", "direction": "DESC"}}),
            json!({"search": {"customFields": [{"field": "COL1", "value": "1"}]}, "sort": {"property": "numOfEmployees"}}),
            json!({"sort": {"property": "agentId", "direction": "DESC"}}),
        ];
        for body in searches {
            let mut next = Some("account/accounts/search?offset=0&count=3".to_string());
            while let Some(path) = next {
                let page: Page = self.call(Method::POST, &format!("/{path}"), Some(body.clone()), StatusCode::OK).await;
                next = page.next.filter(|n| !n.trim().is_empty());
            }
        }
        for id in &ids {
            let account: Account =
                self.call(Method::GET, &format!("/account/accounts/{id}"), None, StatusCode::OK).await;
            assert!(account.history.is_some() && account.notes.is_some() && account.contacts.is_some());
        }
        for kind in ["/account/classifications", "/account/types"] {
            let list: Vec<Category> = self.call(Method::GET, kind, None, StatusCode::OK).await;
            for category in list {
                let one = format!("{kind}/{}", category.id);
                if kind.ends_with("types") && !self.reads_a_type {
                    self.refused(Method::GET, &one, None, StatusCode::FORBIDDEN).await;
                    continue;
                }
                let read: Category = self.call(Method::GET, &one, None, StatusCode::OK).await;
                assert_eq!((read.id, read.name, read.level), (category.id, category.name, category.level));
            }
        }
        ids
    }
}

// ------------------------------------------------------------ the run

/// The reference's create example, with reference data the sandbox has.
fn full_account(number: &str) -> Value {
    json!({
        "name": "DOC123", "description": "Test for Doc", "industry": "Software", "annualRevenue": "2000",
        "phoneFax": "6503517485", "rating": "Good", "phoneOffice": "9176754178", "phoneAlternate": "6178498807",
        "billingAddress": {"street": "MG Road", "city": "Bangalore", "state": "Karnataka", "postalCode": "560005", "country": "India"},
        "shippingAddress": {"street": "Trinity Circle", "city": "Banagalore", "postalCode": "560006", "country": "India"},
        "website": "www.livevox.com", "ownershipType": "Private", "numOfEmployees": "450", "tickerSymbol": "LV",
        "campaignId": FIRST_CAMPAIGN_ID.to_string(), "accountNumber": number, "originalAccountNumber": "ONA12",
        "agentId": FIRST_AGENT_ID.to_string(), "agentTeamId": FIRST_TEAM_ID.to_string(), "accountSource": "Advertisement",
        "sicCode": "qa12345678", "sicDesc": "qa12345678", "classificationId": "2", "typeId": "1",
        "customFields": [{"field": "COL1", "value": "15"}], "secureFields": [{"field": "SECURE1", "value": "TRUE"}]
    })
}

/// Every method of the reference once, each answer decoded strictly.
async fn every_call(client: &Client<'_>) {
    use Method as M;
    let created: Created =
        client.call(M::POST, "/account/accounts", Some(full_account("DOC1231")), StatusCode::CREATED).await;
    let id = created.id;
    let one = format!("/account/accounts/{id}");
    client.refused(M::POST, "/account/accounts", Some(full_account("DOC1231")), StatusCode::CONFLICT).await;
    client.done(M::PUT, &one, Some(json!({"annualRevenue": 2147483647, "rating": "Excellent"}))).await;
    client
        .done(M::POST, &format!("{one}/notes"), Some(json!({"name": "Note1", "description": "Documentation Note"})))
        .await;
    client.done(M::POST, &format!("{one}/contacts"), Some(json!({"contactId": "CT-0001"}))).await;
    client
        .refused(M::POST, &format!("{one}/contacts"), Some(json!({"contactId": "CT-0001"})), StatusCode::CONFLICT)
        .await;
    let links = json!([{"contactId": "CT-0001"}, {"contactId": "CT-0002"}, {"contactId": "CT-0003"}]);
    let linked: BulkLinkAnswer =
        client.call(M::POST, &format!("{one}/contacts/bulk"), Some(links), StatusCode::OK).await;
    assert_eq!((linked.success_count, linked.fail_count), (2, 1));
    assert!(linked.failed_data.iter().all(|f| f.item_name == "CT-0001" && !f.cause.is_empty()));
    client.done(M::DELETE, &format!("{one}/contacts/CT-0003"), None).await;
    let read: Account = client.call(M::GET, &one, None, StatusCode::OK).await;
    assert_eq!(
        (read.annual_revenue, read.num_of_employees, read.agent_id),
        (Some(2147483647), Some(450), Some(595348))
    );
    assert_eq!(read.notes.as_ref().map(Vec::len), Some(1));
    assert_eq!(read.contacts.as_ref().map(Vec::len), Some(2));
    assert_eq!(read.primary_contact, read.primary_account_contact.as_ref().map(|link| link.id));
    assert!(read.secure_fields.is_some() && read.error_msg.is_none());

    let rows = json!([
        {"name": "kavita9779", "description": "kavita07", "accountNumber": "kav12341111", "originalAccountNumber": "kav121"},
        {"accountNumber": "DOC1231", "description": "updated by bulk"},
        {"name": "Too big", "annualRevenue": 3000000000_i64, "accountNumber": 5},
        {"description": "no name"}
    ]);
    let bulk: BulkCreateAnswer = client.call(M::POST, "/account/accounts/bulk", Some(rows), StatusCode::OK).await;
    assert_eq!((bulk.success_count, bulk.update_count, bulk.fail_count), (1, 1, 2));
    assert_eq!(bulk.failed_data.iter().map(|f| f.ordinal).collect::<Vec<_>>(), [3, 4]);
    assert_eq!(bulk.failed_data[0].data.account_number.as_deref(), Some("5"));
    assert!(bulk.failed_data.iter().all(|f| f.data.created_by == "sysadmin" && f.data.client_id > 0));

    for (plural, singular) in
        [("/account/classifications", "/account/classification"), ("/account/types", "/account/type")]
    {
        let made: Created = client.call(M::POST, plural, Some(json!({"name": "Brass"})), StatusCode::CREATED).await;
        let path = format!("{singular}/{}", made.id);
        client.done(M::PUT, &path, Some(json!({"name": "Pewter", "level": "6"}))).await;
        let category: Category = client.call(M::GET, &path, None, StatusCode::OK).await;
        assert_eq!((category.name.as_str(), category.level), ("Pewter", Some(6)));
        client.refused(M::PUT, &path, Some(json!({"level": 2147483648_i64})), StatusCode::BAD_REQUEST).await;
        client.done(M::DELETE, &path, None).await;
        client.refused(M::GET, &path, None, StatusCode::NOT_FOUND).await;
    }
    let gone: Created =
        client.call(M::POST, "/account/accounts", Some(json!({"name": "Short-lived"})), StatusCode::CREATED).await;
    client.done(M::DELETE, &format!("/account/accounts/{}", gone.id), None).await;
    let missing = client.refused(M::GET, &format!("/account/accounts/{}", gone.id), None, StatusCode::NOT_FOUND).await;
    assert_eq!((missing.code, missing.message.as_str()), (203, "No Record Found"));
    client.refused(M::PATCH, &one, None, StatusCode::METHOD_NOT_ALLOWED).await;
}

/// Attempts to store Integers past 32 bits (and other bad input) anywhere
/// they could go: each refused in the error shape.
async fn out_of_range_attempts(client: &Client<'_>, id: i32) {
    use Method as M;
    let one = format!("/account/accounts/{id}");
    let bad = StatusCode::BAD_REQUEST;
    for value in [json!(2147483648_i64), json!("3000000000"), json!(-2147483649_i64), json!(9223372036854775807_i64)] {
        for key in ["annualRevenue", "numOfEmployees", "agentId", "classificationId"] {
            client.refused(M::POST, "/account/accounts", Some(json!({"name": "Big", key: value})), bad).await;
            client.refused(M::PUT, &one, Some(json!({key: value})), bad).await;
            let search = json!({"search": {key: value}});
            client.refused(M::POST, "/account/accounts/search?count=5&offset=0", Some(search), bad).await;
        }
        let range = json!({"search": {"annualRevenueEnd": value}});
        client.refused(M::POST, "/account/accounts/search?count=5&offset=0", Some(range), bad).await;
        client.refused(M::PUT, "/account/classification/1", Some(json!({"level": value})), bad).await;
        let rows = json!([{"name": "Big row", "numOfEmployees": value}]);
        let bulk: BulkCreateAnswer = client.call(M::POST, "/account/accounts/bulk", Some(rows), StatusCode::OK).await;
        assert_eq!((bulk.success_count, bulk.fail_count), (0, 1));
    }
    client.refused(M::GET, "/account/accounts/2147483648", None, bad).await;
    client
        .refused(
            M::POST,
            "/account/accounts/search?count=5&offset=0",
            Some(json!({"search": {"customFields": [{"field": "COL0", "value": "x"}]}})),
            bad,
        )
        .await;
    client.refused(M::POST, "/account/accounts", Some(json!({"name": "Typed wrong", "annualRevenue": 1.5})), bad).await;
}

#[tokio::test]
async fn a_strict_client_of_the_reference_reads_every_answer_before_and_after_bad_input() {
    let sandbox = Sandbox::seeded(7);
    let client = Client::sign_in(&sandbox, "DEMO", "sysadmin").await;
    every_call(&client).await;
    let ids = client.read_everything().await;
    out_of_range_attempts(&client, ids[0]).await;
    assert_eq!(client.read_everything().await, ids, "nothing was stored by the attempts");

    // Who may not, and who is not signed in, are refused in the same shape.
    let manager = Client::sign_in(&sandbox, "DEMO", "manager").await;
    manager.refused(Method::POST, "/account/accounts", Some(json!({"name": "No"})), StatusCode::FORBIDDEN).await;
    manager.read_everything().await;
    let nobody = sandbox.get("/account/types", "00000000-0000-0000-0000-000000000000").await;
    let error: ErrorAnswer = strict("an unknown session", &nobody.expect(StatusCode::UNAUTHORIZED).body);
    assert_eq!(error.code, 401);
    let no_key = Client::sign_in(&sandbox, "NOKEY", "sysadmin").await;
    let created: Created =
        no_key.call(Method::POST, "/account/accounts", Some(json!({"name": "Keyless"})), StatusCode::CREATED).await;
    let read: Account =
        no_key.call(Method::GET, &format!("/account/accounts/{}", created.id), None, StatusCode::OK).await;
    assert!(read.error_msg.is_some() && read.log_id.is_some() && read.secure_fields.is_none());
    client.done(Method::DELETE, "/session/logout", None).await;
    client.refused(Method::GET, "/account/types", None, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn a_strict_client_reads_every_answer_of_a_database_an_older_sandbox_filled_past_32_bits() {
    let sandbox = Sandbox::seeded(5);
    sandbox
        .db
        .write_blocking(|tx| {
            tx.execute_batch(
                "UPDATE accounts SET annualRevenue = 3000000000 WHERE id = 1;
                 UPDATE accounts SET numOfEmployees = -2147483649, agentTeamId = 9000000000 WHERE id = 2;
                 UPDATE accounts SET classificationId = 4294967296, typeId = 2147483648 WHERE id = 3;
                 UPDATE accountTypes SET level = -9223372036854775808 WHERE id = 2;
                 UPDATE classifications SET level = 1e300 WHERE id = 3;",
            )?;
            Ok(())
        })
        .expect("poisoned");
    let sandbox = sandbox.reopen();
    let client = Client::sign_in(&sandbox, "DEMO", "sysadmin").await;
    assert_eq!(client.read_everything().await.len(), 5);
    // The highest level was repaired to 2147483647: make room for a new one.
    client.done(Method::PUT, "/account/classification/3", Some(json!({"level": 40}))).await;
    every_call(&client).await;
    client.read_everything().await;
}
