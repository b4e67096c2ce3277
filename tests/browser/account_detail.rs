//! The account detail page against the sandbox: every field, the API's
//! warning, notes, delete, 404, a manager's 403, API data that looks like
//! HTML staying text, the history, and long notes kept short. Contacts:
//! `account_contacts.rs`; writes whose answer is lost: `single_writes.rs`.

use account_admin::api::ApiClient;
use account_model::{AccountInput, AccountPatch, Address, AddressPatch, FieldValue, LoginRequest, NoteInput, Patch};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::harness::{
    LIST_SCREEN, add_fault, choose, clear_faults, click, config, find, find_text, gone, mount_at, signed_in_client,
    signed_out_client, type_into, unique, value_of, wait_until,
};

const HTML: &str = "<img src=x onerror=alert(1)>";

pub(crate) fn path_now() -> String {
    web_sys::window().expect("window").location().pathname().unwrap_or_default()
}

/// Mounts the console's screens at the detail page of account `id`, with
/// the session this tab signed in last.
pub(crate) fn mount(id: i64) -> (Element, Box<dyn std::any::Any>) {
    mount_at(&format!("/accounts/{id}"))
}

pub(crate) async fn create(api: &ApiClient, input: AccountInput) -> i64 {
    api.create_account(&input).await.expect("the account is created").id
}

pub(crate) fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

fn field(name: &str, value: &str) -> FieldValue {
    FieldValue { field: name.into(), value: Some(value.into()) }
}

#[wasm_bindgen_test]
async fn a_fully_populated_account_shows_every_field() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("Full");
    let classifications =
        api.list_categories(account_admin::api::categories::CategoryKind::Classification).await.expect("listed");
    let types = api.list_categories(account_admin::api::categories::CategoryKind::Type).await.expect("listed");
    let (classification, kind) = (&classifications[0], &types[0]);
    let input = AccountInput {
        name: name.clone(),
        description: Some("Makes anvils, a very long description that has to wrap on a narrow screen".into()),
        industry: Some("Tools".into()),
        annual_revenue: Some(1_250_000),
        phone_fax: Some("+1 650 351 0000".into()),
        billing_address: Some(Address {
            street: Some("1 Billing Way".into()),
            city: Some("Billtown".into()),
            state: Some("BS".into()),
            postal_code: Some("11111".into()),
            country: Some("Billand".into()),
        }),
        rating: Some("Hot".into()),
        phone_office: Some("+1 650 351 7000".into()),
        phone_alternate: Some("+1 650 351 7400".into()),
        website: Some("www.example.com".into()),
        ownership_type: Some("Private".into()),
        num_of_employees: Some(4_200),
        ticker_symbol: Some("ACME".into()),
        shipping_address: Some(Address {
            street: Some("2 Shipping Dock".into()),
            city: Some("Shipton".into()),
            state: Some("SS".into()),
            postal_code: Some("22222".into()),
            country: Some("Shipland".into()),
        }),
        campaign_id: Some("28571101".into()),
        account_number: Some(format!("{name}-N")),
        original_account_number: Some(format!("{name}-OAN")),
        agent_id: Some(595_348),
        agent_team_id: Some(16_001),
        account_source: Some("Trade Show".into()),
        sic_code: Some("3423".into()),
        sic_desc: Some("Hand and edge tools".into()),
        classification_id: Some(classification.id),
        custom_fields: Some(vec![field("COL1", "custom one"), field("COL42", "custom forty-two")]),
        secure_fields: Some(vec![field("SECURE1", "top-secret-value")]),
        type_id: Some(kind.id),
    };
    let id = create(&api, input).await;
    let (root, _mounted) = mount(id);
    find_text(&root, "h1", &name).await;
    let page = text(&root);
    for expected in [
        format!("{name}-N"),
        format!("{name}-OAN"),
        "Makes anvils".into(),
        "Private".into(),
        "+1 650 351 7000".into(),
        "+1 650 351 7400".into(),
        "+1 650 351 0000".into(),
        "www.example.com".into(),
        "Tools".into(),
        "1,250,000".into(),
        "4,200".into(),
        "ACME".into(),
        "3423".into(),
        "Hand and edge tools".into(),
        "Trade Show".into(),
        "Hot".into(),
        "Ana Souza (ID 595348)".into(),
        "North Desk (ID 16001)".into(),
        "ID 28571101".into(),
        format!("{} (ID {})", classification.name, classification.id),
        format!("{} (ID {})", kind.name, kind.id),
        "1 Billing Way".into(),
        "Billtown".into(),
        "11111".into(),
        "Billand".into(),
        "2 Shipping Dock".into(),
        "Shipton".into(),
        "22222".into(),
        "Shipland".into(),
        "COL1".into(),
        "custom one".into(),
        "COL42".into(),
        "custom forty-two".into(),
        "SECURE1".into(),
        "by sysadmin".into(),
        "just now".into(),
    ] {
        assert!(page.contains(&expected), "the page lacks {expected:?}: {page}");
    }
    assert!(!page.contains("top-secret-value"), "secure values stay masked until revealed");
    click(&root, "button[aria-label='Show SECURE1']");
    find_text(&root, ".secure-fields", "top-secret-value").await;
    click(&root, "button[aria-label='Hide SECURE1']");
    wait_until(|| "the secret is hidden again".into(), || (!text(&root).contains("top-secret-value")).then_some(()))
        .await;

    let edit = find(&root, "a.edit").await;
    assert_eq!(edit.get_attribute("href"), Some(format!("/accounts/{id}/edit")));
    assert!(text(&root).contains("Account created"), "the history shows the creation");

    // Headless Chromium may refuse the clipboard: either way a toast says what happened.
    click(&root, "button.copy-id");
    find_text(&root, ".toast", &format!("Account ID {id}")).await;
}

#[wasm_bindgen_test]
async fn an_account_whose_secure_fields_cannot_be_read_shows_the_warning_and_log_id() {
    crate::harness::begin().await;
    let api = signed_out_client(config());
    let request = LoginRequest {
        client_name: "NOKEY".into(),
        user_name: "sysadmin".into(),
        password: "demo".into(),
        agent: false,
    };
    api.login(&request, Some("demo-token".into())).await.expect("signed in to NOKEY");
    let name = unique("NoKey");
    let id = create(&api, AccountInput { name: name.clone(), ..AccountInput::default() }).await;
    let (root, _mounted) = mount(id);
    let warning = find(&root, ".api-warning[role=alert]").await;
    let warning_text = text(&warning);
    assert!(warning_text.contains("ERROR_CCSFEATURES_ENCRYPTED_FALSE"), "{warning_text}");
    let log_id = text(&find(&warning, "code.log-id").await);
    assert_eq!(log_id.len(), 36, "a uuid: {log_id}");
    find(&warning, "button.copy-log-id").await;
    find_text(&root, ".secure-fields", "see the warning above").await;
    find_text(&root, "h1", &name).await;
}

#[wasm_bindgen_test]
async fn adding_a_note_shows_it_first_and_a_failure_keeps_the_text() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("Notes"), ..AccountInput::default() }).await;
    api.add_note(id, &NoteInput { name: "Older note".into(), description: None }).await.expect("note");
    let (root, _mounted) = mount(id);
    find_text(&root, ".note-list", "Older note").await;

    click(&root, ".note-form button[type=submit]");
    find_text(&root, "#note-name-error", "Enter a name").await;

    add_fault(json!({"path": format!("/account/accounts/{id}/notes"), "method": "POST", "kind": "serverError"})).await;
    type_into(&root, "#note-name", "Renewal call");
    type_into(&root, "#note-description", "They want a discount.");
    click(&root, ".note-form button[type=submit]");
    find_text(&root, ".note-form .form-error[role=alert]", "HTTP 500").await;
    assert_eq!(value_of(&root, "#note-name"), "Renewal call", "the name stays after a failure");
    assert_eq!(value_of(&root, "#note-description"), "They want a discount.");
    clear_faults().await;

    click(&root, ".note-form button[type=submit]");
    find_text(&root, ".note-list li:first-child", "Renewal call").await;
    find_text(&root, ".note-list li:first-child", "They want a discount.").await;
    gone(&root, ".note-form .form-error").await;
    assert_eq!(value_of(&root, "#note-name"), "", "the form empties after a save");
    let second = find(&root, ".note-list li:nth-child(2)").await;
    assert!(text(&second).contains("Older note"), "newest first: {}", text(&second));
    find_text(&root, ".timeline", "Note added").await;
}

#[wasm_bindgen_test]
async fn a_managers_delete_and_add_note_are_disabled_with_the_reason_and_a_sysadmins_are_not() {
    crate::harness::begin().await;
    let sysadmin = signed_in_client("sysadmin").await;
    let id = create(&sysadmin, AccountInput { name: unique("Role"), ..AccountInput::default() }).await;
    let _manager = signed_in_client("manager").await;
    let (root, mounted) = mount(id);
    let delete = find(&root, "button.delete").await.unchecked_into::<web_sys::HtmlButtonElement>();
    wait_until(|| "Delete is disabled for a manager".into(), || delete.disabled().then_some(())).await;
    assert!(delete.title().contains("Needs the Sysadmin or Superuser role."), "{}", delete.title());
    let fieldset = find(&root, ".note-form fieldset").await.unchecked_into::<web_sys::HtmlFieldSetElement>();
    assert!(fieldset.disabled(), "Add note is disabled");
    find_text(&root, ".note-form .role-note", "Needs the Sysadmin or Superuser role.").await;
    assert!(root.query_selector("a.edit").expect("query").is_none(), "Edit is no link for a manager");
    let unlinkable = find(&root, "#link-contact-id").await.unchecked_into::<web_sys::HtmlInputElement>();
    assert!(!unlinkable.disabled(), "managers may link contacts");
    drop(mounted);
    root.remove();

    let _sysadmin = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount(id);
    let delete = find(&root, "button.delete").await.unchecked_into::<web_sys::HtmlButtonElement>();
    crate::harness::sleep_ms(1500).await; // The role is learnt by then.
    assert!(!delete.disabled(), "a sysadmin may delete");
    assert!(root.query_selector(".role-note").expect("query").is_none());
    find(&root, "a.edit").await;
}

#[wasm_bindgen_test]
async fn deleting_asks_first_then_goes_back_to_the_list() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("Delete");
    let id = create(&api, AccountInput { name: name.clone(), ..AccountInput::default() }).await;
    let (root, _mounted) = mount(id);
    find_text(&root, "h1", &name).await;
    click(&root, "button.delete");
    find_text(&root, "[role=alertdialog]", "cannot be undone").await;
    click(&root, "[role=alertdialog] button.confirm");
    find(&root, LIST_SCREEN).await;
    assert_eq!(path_now(), "/accounts");
    find_text(&root, ".toast.success", "Deleted").await;
    let error = api.read_account(id, None).await.expect_err("gone");
    assert!(matches!(error, account_admin::api::ApiError::NotFound(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn an_account_that_does_not_exist_says_so_with_a_way_back() {
    crate::harness::begin().await;
    let _api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount(987_654_321);
    find_text(&root, ".account-gone", "This account no longer exists").await;
    // Clicking is left out: the routers of earlier tests in this page still
    // listen for link clicks and would take it.
    let back = find(&root, ".account-gone a").await;
    assert_eq!(back.get_attribute("href").as_deref(), Some("/accounts"));
    assert!(text(&back).contains("Back to the accounts list"));
}

#[wasm_bindgen_test]
async fn api_data_that_looks_like_html_renders_as_text_everywhere() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(
        &api,
        AccountInput {
            name: format!("{HTML}{}", unique("X")),
            description: Some(HTML.into()),
            custom_fields: Some(vec![field("COL5", HTML)]),
            ..AccountInput::default()
        },
    )
    .await;
    api.add_note(id, &NoteInput { name: HTML.into(), description: Some(HTML.into()) }).await.expect("note");
    let linked = api.bulk_link_contacts(id, &[HTML.to_string()]).await.expect("bulk link");
    assert_eq!(linked.success_count, 1);
    let (root, _mounted) = mount(id);
    find_text(&root, ".contact-list", HTML).await;
    find_text(&root, ".note-list", HTML).await;
    find_text(&root, "h1", HTML).await;
    let page = text(&root);
    assert!(page.matches(HTML).count() >= 6, "name, description, custom field, note, contact: {page}");
    assert!(root.query_selector("img").expect("query").is_none(), "no element came from API data");
}

#[wasm_bindgen_test]
async fn a_newer_re_read_wins_over_an_older_slower_one() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("Reread"), ..AccountInput::default() }).await;
    let (root, _mounted) = mount(id);
    find(&root, "#link-contact-id").await;
    // The re-read after the first link is read at once but answered late:
    // it holds CT-0031 alone.
    add_fault(
        json!({"path": format!("/account/accounts/{id}"), "method": "GET", "kind": "slowAnswer", "delayMs": 1500}),
    )
    .await;
    type_into(&root, "#link-contact-id", "CT-0031");
    click(&root, ".link-one button[type=submit]");
    find_text(&root, ".toast.success", "CT-0031 linked.").await;
    type_into(&root, "#link-contact-id", "CT-0032");
    click(&root, ".link-one button[type=submit]");
    find(&root, ".contact-list li[data-contact='CT-0032']").await;
    crate::harness::sleep_ms(2000).await; // The stale answer would have landed by now.
    assert!(
        root.query_selector(".contact-list li[data-contact='CT-0032']").expect("query").is_some(),
        "the contact linked last is still shown"
    );
    assert!(root.query_selector(".contact-list li[data-contact='CT-0031']").expect("query").is_some());
}

#[wasm_bindgen_test]
async fn copying_without_a_clipboard_api_still_copies_or_says_why() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("Copy"), ..AccountInput::default() }).await;
    let (root, _mounted) = mount(id);
    find(&root, "button.copy-id").await;
    // As on a page served over plain HTTP from another host than localhost.
    js_sys::eval("window.__clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard'); Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });")
        .expect("no clipboard");
    click(&root, "button.copy-id");
    let toast = wait_until(
        || "no toast about the copy".into(),
        || {
            root.query_selector(".toast")
                .ok()
                .flatten()
                .filter(|t| t.text_content().unwrap_or_default().contains(&id.to_string()))
        },
    )
    .await;
    js_sys::eval("Object.defineProperty(Navigator.prototype, 'clipboard', window.__clipboard);").expect("restored");
    let said = toast.text_content().unwrap_or_default();
    assert!(said.contains("copied") || said.contains("copy it by hand"), "{said}");
}

#[wasm_bindgen_test]
async fn the_breadcrumb_returns_to_the_search_the_user_came_from() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Crumb");
    let id = create(&api, AccountInput { name: format!("{prefix}-1"), ..AccountInput::default() }).await;
    let list_url = format!("/accounts?name={prefix}&sort=rating&count=25");
    let (root, _mounted) = mount_at(&list_url);
    find(&root, &format!("tbody tr[data-id='{id}'] td.name a")).await;
    crate::harness::go_to(&format!("/accounts/{id}"));
    find_text(&root, "h1", &format!("{prefix}-1")).await;
    let crumb = find(&root, ".breadcrumb a").await;
    let href = crumb.get_attribute("href").unwrap_or_default();
    assert!(href.contains(&format!("name={prefix}")) && href.contains("sort=rating"), "{href}");
}

#[wasm_bindgen_test]
async fn history_says_each_change_in_words_newest_first_and_filters_by_field() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let input = AccountInput {
        name: unique("History"),
        rating: Some("Warm".into()),
        billing_address: Some(Address { city: Some("Lyon".into()), ..Address::default() }),
        custom_fields: Some(vec![field("COL5", "a")]),
        ..AccountInput::default()
    };
    let id = create(&api, input).await;
    let changes = AccountPatch {
        rating: Patch::Value("Hot".into()),
        billing_address: Patch::Value(AddressPatch { city: Patch::Value("Paris".into()), ..AddressPatch::default() }),
        custom_fields: Patch::Value(vec![field("COL5", "b"), field("COL7", "c")]),
        ..AccountPatch::default()
    };
    api.update_account(id, &changes).await.expect("updated");
    let website = AccountPatch { website: Patch::Value("example.com".into()), ..AccountPatch::default() };
    api.update_account(id, &website).await.expect("updated");
    let (root, _mounted) = mount(id);
    let timeline = find_text(&root, ".history .timeline", "Rating changed from “Warm” to “Hot”").await;
    let said = timeline.text_content().unwrap_or_default();
    for expected in [
        "Billing city changed from “Lyon” to “Paris”",
        "COL5 changed from “a” to “b”",
        "COL7 set to “c”",
        "Website set to “example.com”",
        "Account created",
    ] {
        assert!(said.contains(expected), "the history lacks {expected:?}: {said}");
    }
    assert!(!said.contains("[{") && !said.contains('→'), "no raw change text: {said}");
    assert!(said.find("Website set") < said.find("Rating changed"), "newest first");

    choose(&root, "#history-field", "rating");
    wait_until(
        || format!("only changes to Rating: {}", text(&root)),
        || {
            let now = root.query_selector(".history .timeline").ok().flatten()?.text_content()?;
            (now.contains("Rating changed")
                && !now.contains("Website")
                && !now.contains("COL5")
                && !now.contains("created"))
            .then_some(())
        },
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_very_long_note_shows_its_first_lines_with_show_all() {
    crate::harness::begin().await;
    crate::layout::with_styles();
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("LongNote"), ..AccountInput::default() }).await;
    let long = "A sentence of a very long note. ".repeat(625);
    assert_eq!(long.chars().count(), 20_000);
    api.add_note(id, &NoteInput { name: "Long".into(), description: Some(long) }).await.expect("note");
    api.add_note(id, &NoteInput { name: "Short".into(), description: Some("Two words.".into()) }).await.expect("note");
    let (root, _mounted) = mount(id);
    let toggle = find_text(&root, ".note-list .note-toggle", "Show all").await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(root.query_selector_all(".note-toggle").expect("query").length(), 1, "a short note has no toggle");
    let description = find(&root, ".note-list li:nth-child(2) .note-description").await;
    let height = |element: &Element| element.get_bounding_client_rect().height();
    assert!(height(&description) < 200.0, "the long note shows its first lines: {} px", height(&description));
    let (notes, contacts) = (find(&root, ".notes").await, find(&root, ".contacts").await);
    let gap = contacts.get_bounding_client_rect().top() - notes.get_bounding_client_rect().top();
    assert!(gap < 1000.0, "Contacts stay near: {gap} px below Notes");

    click(&root, ".note-toggle");
    wait_until(
        || format!("the note opens: {} px", height(&description)),
        || (height(&description) > 1000.0).then_some(()),
    )
    .await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(text(&toggle).contains("Show less"), "{}", text(&toggle));

    // Adding another note keeps the open one open.
    type_into(&root, "#note-name", "Later");
    click(&root, ".notes button[type=submit]");
    find_text(&root, ".note-list", "Later").await;
    let toggle = find(&root, ".note-toggle").await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"), "the long note stays open");
    let description = find(&root, ".note-list .expanded .note-description").await;
    assert!(height(&description) > 1000.0, "still whole: {} px", height(&description));

    click(&root, ".note-toggle");
    wait_until(|| "the note closes again".into(), || (height(&description) < 200.0).then_some(())).await;
}
