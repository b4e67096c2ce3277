//! The import page against the sandbox: a file of good and bad rows and the
//! report against what the API then holds, the failed rows' download; the
//! console's own export imported back changing nothing; 5,000 rows with
//! progress and a page that keeps answering; a call whose answer was lost
//! checked before anything is sent again; pasted JSON; a column placed by
//! hand and a row fixed inline; a manager told before choosing a file.

use account_admin::{
    api::{ApiClient, Cancel, categories::CategoryKind, walk::Pages},
    domain::csv::accounts_csv,
};
use account_model::{Account, AccountInput, Address, FieldValue, SearchCriteria, SearchRequest};
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlSelectElement};

use crate::harness::{
    add_fault, capture_downloads, click, find, find_text, last_download, mount_at, now_ms, signed_in_client, sleep_ms,
    type_into, unique, wait_until,
};

fn mount() -> (Element, Box<dyn std::any::Any>) {
    mount_at("/import")
}

/// Hands `text` to the page's file input as a file named `name`, as a user
/// choosing it would.
pub(crate) async fn give_file(root: &Element, name: &str, text: &str) {
    find(root, "#import-file").await;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::FilePropertyBag::new();
    options.set_type(if name.ends_with(".json") { "application/json" } else { "text/csv" });
    let file = web_sys::File::new_with_str_sequence_and_options(&parts, name, &options).expect("a file");
    let transfer = web_sys::DataTransfer::new().expect("a transfer");
    transfer.items().add_with_file(&file).expect("the file is added");
    let input = root.query_selector("#import-file").ok().flatten().expect("the file input");
    let input = input.unchecked_into::<HtmlInputElement>();
    input.set_files(transfer.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).expect("event")).expect("sent");
}

/// Hands `bytes` to the page's file input as a file named `name`.
async fn give_bytes(root: &Element, name: &str, bytes: &[u8]) {
    find(root, "#import-file").await;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let file = web_sys::File::new_with_u8_array_sequence(&parts, name).expect("a file");
    let transfer = web_sys::DataTransfer::new().expect("a transfer");
    transfer.items().add_with_file(&file).expect("the file is added");
    let input = root.query_selector("#import-file").ok().flatten().expect("the file input");
    let input = input.unchecked_into::<HtmlInputElement>();
    input.set_files(transfer.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).expect("event")).expect("sent");
}

pub(crate) fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
}

/// Every account whose number contains `prefix`.
pub(crate) async fn accounts_numbered(api: &ApiClient, prefix: &str) -> Vec<Account> {
    let request = SearchRequest {
        search: Some(SearchCriteria { account_number: Some(prefix.into()), ..SearchCriteria::default() }),
        sort: None,
    };
    every_page(api, &request).await
}

async fn every_page(api: &ApiClient, request: &SearchRequest) -> Vec<Account> {
    let mut pages = Pages::every(api, Some(request.clone()), &Cancel::new());
    let mut all = Vec::new();
    while let Some(page) = pages.next().await {
        all.extend(page.expect("search"));
    }
    all
}

fn by_number<'a>(accounts: &'a [Account], number: &str) -> Option<&'a Account> {
    accounts.iter().find(|a| a.fields.account_number.as_deref() == Some(number))
}

/// Waits (up to `seconds`) until `selector` says `text`, measuring the
/// longest gap between this loop's 5 ms timer ticks meanwhile, and whether
/// `progress` showed. Answers the longest gap in ms.
async fn measure_until(root: &Element, selector: &str, text: &str, seconds: f64, progress: &str) -> (f64, bool) {
    let started = now_ms();
    let mut last = started;
    let (mut longest, mut saw_progress) = (0.0f64, false);
    let (mut said, mut said_at_longest) = (String::new(), String::new());
    loop {
        sleep_ms(5).await;
        let now = now_ms();
        if now - last > longest {
            longest = now - last;
            said_at_longest = format!("{said:?} before, {:?} after", text_of(root, ".import-progress [role=status]"));
        }
        last = now;
        said = text_of(root, ".import-progress [role=status]");
        saw_progress |= said.contains(progress);
        if text_of(root, selector).contains(text) {
            if longest >= 200.0 {
                web_sys::console::log_1(&format!("longest gap {longest:.0} ms: {said_at_longest}").into());
            }
            return (longest, saw_progress);
        }
        assert!(
            now - started < seconds * 1000.0,
            "{selector} never said {text:?}; the page says {}",
            root.text_content().unwrap_or_default()
        );
    }
}

#[wasm_bindgen_test]
async fn a_file_of_good_and_bad_rows_reports_what_the_api_then_holds_and_the_failed_rows_download() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Imp");
    let old = AccountInput {
        name: format!("{prefix} old"),
        account_number: Some(format!("{prefix}-OLD")),
        rating: Some("Cold".into()),
        industry: Some("Tools".into()),
        ..AccountInput::default()
    };
    let old_id = api.create_account(&old).await.expect("created").id;
    let classification = api.list_categories(CategoryKind::Classification).await.expect("listed")[0].clone();
    let csv = format!(
        "Name,Account number,Classification,Employees,Rating,description\r\n\
         {prefix} one,{prefix}-1,{},10,Hot,\"first, with a comma\"\r\n\
         ,{prefix}-2,,,,\r\n\
         {prefix} old renamed,{prefix}-OLD,,,Warm,\r\n\
         {prefix} four,{prefix}-4,Titanium {prefix},,,\r\n\
         {prefix} five,{prefix}-5,,-5,,\r\n\
         {prefix} six,,,,,\"two\nlines\"\r\n",
        classification.name.to_uppercase()
    );
    let (root, _mounted) = mount();
    give_file(&root, "accounts.csv", &csv).await;
    find_text(&root, ".preview-counts", "6 rows: 3 new, 1 updating an existing account, 2 with problems").await;
    find_text(&root, ".import-preview", "they are stored as given, unchecked").await;
    find_text(&root, ".import-table", "Name is required.").await;
    find_text(&root, ".import-table", &format!("There is no classification named “Titanium {prefix}”.")).await;
    find_text(&root, ".import-table", "Updates the account with this number.").await;
    assert_eq!(text_of(&root, "#import-send"), "Import 4 rows");

    // A rate limit on the way is waited out.
    add_fault(json!({"path": "/account/accounts/bulk", "method": "POST", "kind": "rateLimit", "retryAfterSecs": 1}))
        .await;
    click(&root, "#import-send");
    find_text(&root, ".report-summary", "Created 2 · Updated 1 · Failed 1").await;
    let failures: Vec<String> = {
        let items = root.query_selector_all(".import-failures li").expect("list");
        (0..items.length()).filter_map(|i| items.item(i)).filter_map(|n| n.text_content()).collect()
    };
    assert_eq!(
        failures,
        [
            "Line 3: Name is required.".to_string(),
            format!("Line 5: There is no classification named “Titanium {prefix}”."),
            "Line 6: Employees cannot be negative.".to_string(),
        ]
    );
    assert!(text_of(&root, ".report-not-sent").contains("2 rows with problems were not sent."));

    let held = accounts_numbered(&api, &prefix).await;
    let one = by_number(&held, &format!("{prefix}-1")).expect("line 2 was created");
    assert_eq!(one.fields.classification_id, Some(classification.id), "the name became its id");
    assert_eq!(one.fields.num_of_employees, Some(10));
    assert_eq!(one.fields.description.as_deref(), Some("first, with a comma"));
    let updated = api.read_account(old_id, None).await.expect("read");
    assert_eq!(updated.fields.name, format!("{prefix} old renamed"));
    assert_eq!(updated.fields.rating.as_deref(), Some("Warm"));
    assert_eq!(updated.fields.industry.as_deref(), Some("Tools"), "a column the file lacks is left as it was");
    for missing in ["2", "4", "5"] {
        assert!(by_number(&held, &format!("{prefix}-{missing}")).is_none(), "{prefix}-{missing} was not created");
    }
    assert_eq!(held.len(), 2, "{held:?}");
    let named = SearchRequest {
        search: Some(SearchCriteria { name: Some(format!("{prefix} six")), ..SearchCriteria::default() }),
        sort: None,
    };
    let six = every_page(&api, &named).await;
    assert_eq!(six.len(), 1);
    assert_eq!(six[0].fields.description.as_deref(), Some("two\nlines"));

    capture_downloads();
    click(&root, "#import-download-failed");
    let (name, text) = last_download().await;
    assert_eq!(name, "accounts-failed-rows.csv");
    let lines: Vec<&str> = text.strip_prefix('\u{feff}').expect("a byte-order mark").split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "Name,Account number,Classification,Employees,Rating,description,reason".to_string(),
            format!(",{prefix}-2,,,,,Line 3: Name is required."),
            format!(
                "{prefix} four,{prefix}-4,Titanium {prefix},,,,Line 5: There is no classification named “Titanium {prefix}”."
            ),
            format!("{prefix} five,{prefix}-5,,-5,,,Line 6: Employees cannot be negative."),
            String::new(),
        ]
    );
}

#[wasm_bindgen_test]
async fn the_consoles_own_export_imports_back_as_updates_that_change_nothing() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Round");
    let classification = api.list_categories(CategoryKind::Classification).await.expect("listed")[0].id;
    let kind = api.list_categories(CategoryKind::Type).await.expect("listed")[0].id;
    let custom = |pairs: &[(&str, &str)]| {
        Some(pairs.iter().map(|(f, v)| FieldValue { field: (*f).into(), value: Some((*v).into()) }).collect())
    };
    let rows = vec![
        AccountInput {
            name: "Smith, John \"JJ\"".into(),
            account_number: Some(format!("{prefix}-1")),
            description: Some("line one\nline two".into()),
            website: Some("=HYPERLINK(\"http://x\")".into()),
            phone_office: Some("+1 650 351".into()),
            annual_revenue: Some(1_250_000),
            num_of_employees: Some(42),
            classification_id: Some(classification),
            type_id: Some(kind),
            agent_id: Some(595_348),
            billing_address: Some(Address { city: Some("Zürich".into()), ..Address::default() }),
            custom_fields: custom(&[("COL2", "-dash"), ("COL10", "@home")]),
            ..AccountInput::default()
        },
        AccountInput {
            name: format!("{prefix} plain"),
            account_number: Some(format!("{prefix}-2")),
            ..AccountInput::default()
        },
        AccountInput {
            name: format!("{prefix} shipped"),
            account_number: Some(format!("{prefix}-3")),
            industry: Some("Banking; Retail".into()),
            shipping_address: Some(Address {
                street: Some("1 Quay".into()),
                country: Some("NO".into()),
                ..Address::default()
            }),
            custom_fields: custom(&[("COL3", "ünïcode ✓")]),
            ..AccountInput::default()
        },
    ];
    assert_eq!(api.bulk_create_accounts(&rows).await.expect("seeded").success_count, 3);
    let listed = accounts_numbered(&api, &prefix).await;
    assert_eq!(listed.len(), 3);
    let mut before = Vec::new();
    for account in &listed {
        before.push(api.read_account(account.id, None).await.expect("read"));
    }
    let csv = accounts_csv(&listed);

    let (root, _mounted) = mount();
    give_file(&root, "export.csv", &csv).await;
    find_text(&root, ".preview-counts", "3 rows: 0 new, 3 updating an existing account.").await;
    find_text(&root, ".import-skipped", "Skipped id: accounts are matched by account number.").await;
    find_text(&root, ".import-skipped", "Skipped classificationName, typeName: their ID columns are imported.").await;
    click(&root, "#import-send");
    find_text(&root, ".report-summary", "Created 0 · Updated 3 · Failed 0").await;
    for old in before {
        let now = api.read_account(old.id, None).await.expect("read");
        assert_eq!(now.modified_date, old.modified_date, "{} was not modified", old.fields.name);
        assert_eq!(now.history.as_ref().map(Vec::len), old.history.as_ref().map(Vec::len), "no history entry");
        assert_eq!(now.fields, old.fields, "every value is as it was");
    }
}

#[wasm_bindgen_test]
async fn five_thousand_rows_import_with_progress_while_the_page_keeps_answering() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Big");
    let mut csv = String::from("name,accountNumber,industry,annualRevenue,billingCity,description\n");
    for n in 0..5000 {
        csv.push_str(&format!("{prefix} {n},{prefix}-{n:05},Retail,{},Lyon,\"row {n}, quoted\"\n", n * 10));
    }
    let (root, _mounted) = mount();
    give_file(&root, "big.csv", &csv).await;
    let (longest, progress) = measure_until(&root, ".preview-counts", "5,000 rows: 5,000 new", 60.0, "%").await;
    assert!(progress, "progress showed while reading and checking");
    assert!(longest < 200.0, "the page stopped answering for {longest:.0} ms while reading and checking");
    assert_eq!(text_of(&root, ".import-preview .showing"), "Rows 1–50 of 5,000");

    click(&root, "#import-send");
    let (longest, progress) =
        measure_until(&root, ".report-summary", "Created 5,000 · Updated 0 · Failed 0", 120.0, "Sent ").await;
    assert!(progress, "progress showed while sending");
    assert!(longest < 200.0, "the page stopped answering for {longest:.0} ms while sending");
    let held = accounts_numbered(&api, &format!("{prefix}-")).await;
    assert_eq!(held.len(), 5000);
    let last = by_number(&held, &format!("{prefix}-04999")).expect("the last row");
    assert_eq!(last.fields.annual_revenue, Some(49_990));
    assert_eq!(last.fields.description.as_deref(), Some("row 4999, quoted"));
}

#[wasm_bindgen_test]
async fn a_call_whose_answer_was_lost_is_checked_and_only_what_did_not_land_is_sent_again() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Lost");
    let mut csv = String::from("name,accountNumber\n");
    for n in 0..600 {
        // Two rows of the first call have no account number to look up.
        let number = if n == 3 || n == 7 { String::new() } else { format!("{prefix}-{n:03}") };
        csv.push_str(&format!("{prefix} {n},{number}\n"));
    }
    let (root, _mounted) = mount();
    give_file(&root, "lost.csv", &csv).await;
    find_text(&root, ".preview-counts", "600 rows: 600 new").await;
    // The first call lands, but its answer comes after the console gave up (5 s).
    add_fault(json!({"path": "/account/accounts/bulk", "method": "POST", "kind": "slowAnswer", "delayMs": 7000})).await;
    click(&root, "#import-send");
    let report = find_text(&root, ".report-summary", "Created 100 · Updated 0 · Failed 0").await;
    drop(report);
    find_text(&root, ".import-retry", "500 rows got no clear answer or were not sent").await;
    find_text(&root, ".import-retry label", "Also send the 2 rows without an account number").await;
    find_text(&root, ".import-table", "Possible duplicate").await;
    // Leave the two out: the console looks the rest up and finds them there.
    click(&root, "#import-retry");
    find_text(&root, ".report-summary", "Created 598 · Updated 0 · Failed 0").await;
    let retry = find(&root, ".import-retry").await;
    wait_until(|| "nothing is left to send again".into(), || retry.has_attribute("hidden").then_some(())).await;
    let failures = text_of(&root, ".import-failures");
    assert!(failures.contains("Line 5: Not sent again: it may have been created already"), "{failures}");
    assert!(failures.contains("Line 9: Not sent again"), "{failures}");

    let named = SearchRequest {
        search: Some(SearchCriteria { name: Some(format!("{prefix} ")), ..SearchCriteria::default() }),
        sort: None,
    };
    let held = every_page(&api, &named).await;
    assert_eq!(held.len(), 600, "every row exactly once: nothing was created twice");
}

#[wasm_bindgen_test]
async fn pasted_json_imports_as_the_api_takes_it() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Json");
    let json = format!(
        r#"[
  {{"name": "{prefix} a", "accountNumber": "{prefix}-A", "annualRevenue": 900,
    "billingAddress": {{"city": "Oslo"}}, "customFields": [{{"field": "COL5", "value": "five"}}]}},
  {{"name": "{prefix} b", "accountNumber": "{prefix}-B", "customFields": [{{"field": "COL101", "value": "x"}}]}}
]"#
    );
    let (root, _mounted) = mount();
    find(&root, "#import-paste").await;
    type_into(&root, "#import-paste", &json);
    click(&root, "#import-read-paste");
    find_text(&root, ".preview-counts", "2 rows: 1 new, 0 updating an existing account, 1 with problems").await;
    find_text(&root, ".import-table", "COL101 is not a custom field: use COL1 to COL100.").await;
    find_text(&root, ".import-about", "Read 2 rows from pasted text (JSON).").await;
    click(&root, "#import-send");
    find_text(&root, ".report-summary", "Created 1 · Updated 0 · Failed 0").await;
    let held = accounts_numbered(&api, &prefix).await;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].fields.annual_revenue, Some(900));
    assert_eq!(held[0].fields.billing_address.as_ref().and_then(|a| a.city.as_deref()), Some("Oslo"));
    assert_eq!(held[0].list(account_model::Field::CustomFields)[0].value.as_deref(), Some("five"));
}

#[wasm_bindgen_test]
async fn a_column_the_console_could_not_place_is_placed_by_hand_and_a_row_is_fixed_inline() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Map");
    let csv = format!("Company;Code;Town\n{prefix} a;{prefix}-1;Lyon\n;{prefix}-2;Nice\n");
    let (root, _mounted) = mount();
    give_file(&root, "semicolons.csv", &csv).await;
    find_text(&root, ".import-about", "(semicolon-separated)").await;
    find_text(&root, ".import-mapping", "Not placed: choose a field, or it is skipped.").await;
    find_text(&root, ".preview-counts", "2 rows: 0 new, 0 updating an existing account, 2 with problems").await;
    // Company → Name, Code → Account number, Town → Billing city.
    for (column, field) in [(0, "name"), (1, "accountNumber"), (2, "billingCity")] {
        let select = find(&root, &format!("#map-{column}")).await.unchecked_into::<HtmlSelectElement>();
        select.set_value(field);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        select
            .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).expect("event"))
            .expect("sent");
    }
    find_text(&root, ".preview-counts", "2 rows: 1 new, 0 updating an existing account, 1 with problems").await;
    // Line 3 has no name: fix it in place.
    click(&root, "tr[data-row='1'] button.fix");
    find_text(&root, ".fix-dialog h2", "Fix line 3").await;
    type_into(&root, ".fix-dialog #fix-0", &format!("{prefix} b"));
    click(&root, ".fix-dialog button[type=submit]");
    find_text(&root, ".preview-counts", "2 rows: 2 new, 0 updating an existing account.").await;
    click(&root, "#import-send");
    find_text(&root, ".report-summary", "Created 2 · Updated 0 · Failed 0").await;
    let held = accounts_numbered(&api, &prefix).await;
    let b = by_number(&held, &format!("{prefix}-2")).expect("the fixed row was created");
    assert_eq!(b.fields.name, format!("{prefix} b"));
    assert_eq!(b.fields.billing_address.as_ref().and_then(|a| a.city.as_deref()), Some("Nice"));
}

#[wasm_bindgen_test]
async fn a_manager_learns_before_choosing_a_file_that_importing_needs_sysadmin_or_superuser() {
    crate::harness::begin().await;
    let _manager = signed_in_client("manager").await;
    let (root, _mounted) = mount();
    find_text(&root, ".role-note", "Needs the Sysadmin or Superuser role.").await;
    let input = find(&root, "#import-file").await.unchecked_into::<HtmlInputElement>();
    wait_until(|| "the file input is disabled".into(), || input.disabled().then_some(())).await;
    let paste = find(&root, "#import-read-paste").await.unchecked_into::<HtmlButtonElement>();
    assert!(paste.disabled());
    assert!(paste.title().contains("Needs the Sysadmin or Superuser role."), "{}", paste.title());
}

#[wasm_bindgen_test]
async fn progress_shows_only_while_work_runs() {
    crate::harness::begin().await;
    let _api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount();
    find(&root, "#import-file").await;
    sleep_ms(100).await;
    assert!(root.query_selector("progress").ok().flatten().is_none(), "no progress bar while idle");
    give_file(&root, "small.csv", "name\nIdle check\n").await;
    find_text(&root, ".preview-counts", "1 row: 1 new").await;
    assert!(root.query_selector("progress").ok().flatten().is_none(), "none once the file is read");
}

#[wasm_bindgen_test]
async fn rows_of_only_an_account_number_and_a_custom_field_update_those_accounts_and_need_no_name() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Upd");
    let seeded = [
        AccountInput {
            name: format!("{prefix} one"),
            account_number: Some(format!("{prefix}-1")),
            rating: Some("Cold".into()),
            custom_fields: Some(vec![FieldValue { field: "COL9".into(), value: Some("old".into()) }]),
            ..AccountInput::default()
        },
        AccountInput {
            name: format!("{prefix} two"),
            account_number: Some(format!("{prefix}-2")),
            ..AccountInput::default()
        },
    ];
    let mut before = Vec::new();
    for account in &seeded {
        let id = api.create_account(account).await.expect("created").id;
        before.push(api.read_account(id, None).await.expect("read"));
    }
    let csv = format!("Account Number,COL9\r\n{prefix}-1,nine\r\n{prefix}-2,\r\n{prefix}-3,new\r\n");
    let (root, _mounted) = mount();
    give_file(&root, "update.csv", &csv).await;
    find_text(&root, ".preview-counts", "3 rows: 0 new, 2 updating an existing account, 1 with problems").await;
    find_text(&root, ".import-table", "Updates the account with this number.").await;
    find_text(&root, "tr[data-row='0'] .status", "Updates").await;
    find_text(&root, "tr[data-row='2'] .details", "Name is required.").await;
    assert_eq!(text_of(&root, "#import-send"), "Import 2 rows");
    click(&root, "#import-send");
    find_text(&root, ".report-summary", "Created 0 · Updated 2 · Failed 0").await;
    find_text(&root, "tr[data-row='0'] .status", "Updated").await;

    let one = api.read_account(before[0].id, None).await.expect("read");
    assert_eq!(one.fields.name, format!("{prefix} one"), "the name is kept");
    assert_eq!(one.fields.rating.as_deref(), Some("Cold"), "a column the file lacks is kept");
    assert_eq!(one.list(account_model::Field::CustomFields)[0].value.as_deref(), Some("nine"));
    let two = api.read_account(before[1].id, None).await.expect("read");
    assert_eq!(two.fields, before[1].fields, "a row of empty cells changes nothing");
    assert_eq!(two.modified_date, before[1].modified_date);
    assert!(by_number(&accounts_numbered(&api, &prefix).await, &format!("{prefix}-3")).is_none());
}

#[wasm_bindgen_test]
async fn a_windows_1252_file_is_read_as_such_another_encoding_can_be_chosen_and_unreadable_rows_are_held_back() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Enc");
    // Excel's plain "CSV": Windows-1252, "Zürich Café", "Köln" and “quotes”.
    let bytes = [
        b"name,accountNumber,billingCity\r\n".as_slice(),
        b"Z\xfcrich Caf\xe9 \x93",
        prefix.as_bytes(),
        b"\x94,",
        format!("{prefix}-1").as_bytes(),
        b",K\xf6ln\r\n",
    ]
    .concat();
    let (root, _mounted) = mount();
    give_bytes(&root, "excel.csv", &bytes).await;
    find_text(&root, ".import-about", "Characters read as Windows-1252 (the file is not valid UTF-8).").await;
    let name = format!("Zürich Café “{prefix}”");
    find_text(&root, ".import-table", &name).await;
    find_text(&root, ".preview-counts", "1 row: 1 new").await;
    assert!(!text_of(&root, ".import-table").contains('\u{fffd}'));

    // Read as UTF-8 instead: the characters it cannot read hold the row back.
    crate::harness::choose(&root, "#import-encoding", "UTF-8");
    find_text(&root, ".import-about", "Characters read as UTF-8 (as chosen). Some could not be read").await;
    find_text(&root, ".import-table", "Column “name” has characters that could not be read").await;
    find_text(&root, ".preview-counts", "1 with problems").await;
    assert_eq!(text_of(&root, "#import-send"), "Import 0 rows");

    crate::harness::choose(&root, "#import-encoding", "Windows-1252");
    find_text(&root, ".preview-counts", "1 row: 1 new").await;
    click(&root, "#import-send");
    find_text(&root, ".report-summary", "Created 1 · Updated 0 · Failed 0").await;
    let held = accounts_numbered(&api, &prefix).await;
    let stored = by_number(&held, &format!("{prefix}-1")).expect("created");
    assert_eq!(stored.fields.name, name);
    assert_eq!(stored.fields.billing_address.as_ref().and_then(|a| a.city.as_deref()), Some("Köln"));
}
