use std::time::Duration;

use account_model::{Field, FieldValue};
use futures::executor::block_on;
use serde_json::json;

use super::{
    fake::{Fail, User, Vendor},
    *,
};
use crate::pages::account_form::model::{Conflict, FormState, Pick};

const TAKEN_ON_CREATE: &str = "Cannot create account. Unique account number already exists in system.";
const TAKEN_ON_UPDATE: &str = "Cannot update account. Unique account number already exists in system.";

fn input(name: &str, number: Option<&str>) -> AccountInput {
    AccountInput {
        name: name.into(),
        industry: Some("Anvils".into()),
        annual_revenue: Some(1_250_000),
        account_number: number.map(str::to_string),
        ..AccountInput::default()
    }
}

fn stored(id: i64, input: AccountInput) -> Account {
    Account { id, fields: input, ..Account::default() }
}

/// The values of account 7, "Acme", rated `rating`.
fn rated(rating: &str) -> Values {
    FormState::of(&acme(rating)).values()
}

fn acme(rating: &str) -> Account {
    stored(7, AccountInput { rating: Some(rating.into()), ..input("Acme", Some("N-7")) })
}

fn server_error(status: u16, retry_after: Option<u64>) -> ApiError {
    ApiError::Server { status, message: "failed".into(), retry_after: retry_after.map(Duration::from_secs) }
}

fn ids(accounts: &[Account]) -> Vec<i64> {
    accounts.iter().map(|a| a.id).collect()
}

// Edits ---------------------------------------------------------------------

#[test]
fn a_field_someone_else_changed_too_is_a_conflict_to_settle_and_nothing_is_sent_until_it_is() {
    let vendor = Vendor::with(vec![acme("Warm")]);
    vendor.edit(7, |fields| {
        fields.rating = Some("Cold".into());
        fields.description = Some("theirs".into());
    });
    let EditSave::Conflicts(mut merge, theirs) = block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))) else {
        panic!("a conflict")
    };
    assert_eq!(
        merge.conflicts,
        [Conflict { key: Key::Field(Field::Rating), theirs: Some("Cold".into()), mine: Some("Hot".into()) }]
    );
    assert!(vendor.sent.borrow().is_empty(), "nothing sent before the user settles it");
    merge.pick(Key::Field(Field::Rating), Pick::Mine);
    assert!(matches!(block_on(finish_edit(&vendor, 7, theirs, merge.merged)), EditSave::Saved { .. }));
    assert_eq!(*vendor.sent.borrow(), [json!({"rating": "Hot"})], "only the user's change");
    let now = vendor.account(7).expect("held").fields;
    assert_eq!((now.rating.as_deref(), now.description.as_deref()), (Some("Hot"), Some("theirs")));
}

#[test]
fn an_edit_saves_the_difference_and_a_failed_read_sends_nothing() {
    let vendor = Vendor::with(vec![acme("Warm")]);
    vendor.then_read(ApiError::Timeout);
    assert_eq!(block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))), EditSave::NotRead(ApiError::Timeout));
    assert!(vendor.sent.borrow().is_empty());
    assert_eq!(
        block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))),
        EditSave::Saved { before: rated("Warm"), after: rated("Hot") }
    );
    assert_eq!(block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))), EditSave::NothingToSave);
}

#[test]
fn an_edit_of_an_account_deleted_meanwhile_is_deleted_whether_the_read_or_the_update_meets_the_404() {
    let vendor = Vendor::with(vec![]);
    assert_eq!(block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))), EditSave::Deleted);
    assert!(vendor.sent.borrow().is_empty());
    assert_eq!(block_on(finish_edit(&vendor, 7, rated("Warm"), rated("Hot"))), EditSave::Deleted);
}

#[test]
fn an_update_without_a_clear_answer_is_unsure_never_sent_again_by_itself_and_saving_again_sends_what_is_missing() {
    // (how it fails, whether it landed, what saving again then does)
    let cases = [
        (Fail::AfterActing(server_error(500, None)), EditSave::NothingToSave),
        (Fail::WithoutActing(server_error(502, None)), EditSave::Saved { before: rated("Warm"), after: rated("Hot") }),
        (Fail::WithoutActing(server_error(503, None)), EditSave::Saved { before: rated("Warm"), after: rated("Hot") }),
        (Fail::AfterActing(ApiError::Timeout), EditSave::NothingToSave),
    ];
    for (fail, again) in cases {
        let vendor = Vendor::with(vec![acme("Warm")]);
        vendor.then_write(fail.clone());
        let (Fail::AfterActing(error) | Fail::WithoutActing(error)) = fail;
        assert_eq!(
            block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))),
            EditSave::Unsure(error.clone()),
            "{error:?}"
        );
        assert_eq!(vendor.sent.borrow().len(), 1, "{error:?}: sent once");
        assert!(vendor.waits.borrow().is_empty(), "{error:?}: no wait, no resend");
        assert_eq!(block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))), again, "{error:?}");
        assert_eq!(vendor.account(7).expect("held").fields.rating.as_deref(), Some("Hot"), "{error:?}");
    }
}

#[test]
fn an_account_number_another_account_has_is_refused_on_update_and_shown_at_its_field() {
    let vendor = Vendor::with(vec![acme("Warm")]);
    vendor.then_write(Fail::WithoutActing(ApiError::Conflict(TAKEN_ON_UPDATE.into())));
    let mut mine = rated("Warm");
    mine.insert(Key::Field(Field::AccountNumber), "N-8".into());
    let EditSave::Refused(error) = block_on(save_edit(&vendor, 7, &rated("Warm"), &mine)) else { panic!("refused") };
    assert_eq!(
        refusal(error),
        Problem {
            at: Target::Field(Field::AccountNumber),
            message: "Another account already has this account number.".into()
        }
    );
    assert_eq!(vendor.sent.borrow().len(), 1, "a refusal is not sent again");
    assert_eq!(vendor.account(7).expect("held").fields.account_number.as_deref(), Some("N-7"));
}

// Creates -------------------------------------------------------------------

#[test]
fn an_account_number_another_account_has_is_refused_on_create_and_shown_at_its_field() {
    let vendor = Vendor::with(vec![]);
    vendor.then_write(Fail::WithoutActing(ApiError::Conflict(TAKEN_ON_CREATE.into())));
    let mut creates = Creates::default();
    let CreateSave::Refused(error) = block_on(creates.save(&vendor, &input("Acme", Some("N-7")), creates.next()))
    else {
        panic!("refused")
    };
    assert_eq!(refusal(error).at, Target::Field(Field::AccountNumber));
    assert_eq!(creates.next(), Order::SendFirst, "a refusal settles the try: no look next time");
    assert_eq!((vendor.sent.borrow().len(), vendor.named("Acme")), (1, 0));
}

#[test]
fn a_create_that_timed_out_and_landed_is_found_by_its_number_and_not_sent_again() {
    let vendor = Vendor::with(vec![]);
    vendor.then_write(Fail::AfterActing(ApiError::Timeout));
    let typed = input("Acme", Some("N-1"));
    let mut creates = Creates::default();
    assert_eq!(block_on(creates.save(&vendor, &typed, creates.next())), CreateSave::Unsure(ApiError::Timeout));
    assert_eq!(creates.next(), Order::LookFirst(ApiError::Timeout));
    match block_on(creates.save(&vendor, &typed, creates.next())) {
        CreateSave::FoundAfterAll(account) => assert_eq!(account.id, 100),
        other => panic!("{other:?}"),
    }
    assert_eq!((vendor.sent.borrow().len(), vendor.named("Acme")), (1, 1), "sent once");
    assert_eq!(creates.next(), Order::SendFirst);
}

#[test]
fn a_create_that_timed_out_without_landing_is_looked_for_then_sent_once() {
    let vendor = Vendor::with(vec![]);
    vendor.then_write(Fail::WithoutActing(ApiError::Timeout));
    let typed = input("Acme", Some("N-1"));
    let mut creates = Creates::default();
    assert_eq!(block_on(creates.save(&vendor, &typed, creates.next())), CreateSave::Unsure(ApiError::Timeout));
    assert_eq!(block_on(creates.save(&vendor, &typed, creates.next())), CreateSave::Created(100));
    assert_eq!(vendor.searches.borrow().len(), 1, "looked first");
    assert_eq!((vendor.sent.borrow().len(), vendor.named("Acme")), (2, 1));
}

#[test]
fn changes_typed_after_a_create_that_timed_out_are_written_to_the_account_found_and_kept_until_they_are() {
    let vendor = Vendor::with(vec![]);
    vendor.then_write(Fail::AfterActing(ApiError::Timeout));
    let sent = input("Acme", Some("N-1"));
    let mut creates = Creates::default();
    assert_eq!(block_on(creates.save(&vendor, &sent, creates.next())), CreateSave::Unsure(ApiError::Timeout));
    let now = AccountInput { rating: Some("Hot".into()), ..sent.clone() };
    vendor.then_write(Fail::WithoutActing(server_error(502, None)));
    match block_on(creates.save(&vendor, &now, creates.next())) {
        CreateSave::FoundNotUpdated(account, error) => assert_eq!((account.id, error), (100, server_error(502, None))),
        other => panic!("{other:?}"),
    }
    assert_eq!(creates.next(), Order::LookFirst(ApiError::Timeout), "the next save looks again");
    match block_on(creates.save(&vendor, &now, creates.next())) {
        CreateSave::FoundAndUpdated(account) => assert_eq!(account.id, 100),
        other => panic!("{other:?}"),
    }
    assert_eq!(vendor.named("Acme"), 1, "created once");
    assert_eq!(vendor.account(100).expect("held").fields.rating.as_deref(), Some("Hot"), "the change landed");
    assert_eq!(vendor.sent.borrow().last(), Some(&json!({"rating": "Hot"})), "only the change");
}

#[test]
fn without_a_number_the_next_try_shows_accounts_holding_everything_typed_and_sends_nothing() {
    // An older account with the same name but another industry is no match.
    let other = AccountInput { industry: Some("Tools".into()), ..input("Acme", None) };
    let vendor = Vendor::with(vec![stored(7, other)]);
    vendor.then_write(Fail::AfterActing(ApiError::Timeout));
    let typed = input("Acme", None);
    let mut creates = Creates::default();
    assert_eq!(block_on(creates.save(&vendor, &typed, creates.next())), CreateSave::Unsure(ApiError::Timeout));
    // What was sent is looked for, whatever changed since.
    let now = AccountInput { rating: Some("Hot".into()), ..typed.clone() };
    match block_on(creates.save(&vendor, &now, creates.next())) {
        CreateSave::Lookalikes(found, _) => assert_eq!(ids(&found), [100]),
        other => panic!("{other:?}"),
    }
    assert_eq!(vendor.sent.borrow().len(), 1, "nothing sent again");
    let criteria = vendor.searches.borrow().last().cloned().expect("a search");
    assert_eq!(
        (criteria.name.as_deref(), criteria.industry.as_deref(), criteria.annual_revenue),
        (Some("Acme"), Some("Anvils"), Some(1_250_000)),
        "every field typed is a criterion"
    );
    assert_eq!(creates.next(), Order::LookFirst(ApiError::Timeout), "still unsettled");
    // "Create another" is the explicit choice to send again.
    assert_eq!(block_on(creates.save(&vendor, &typed, Order::SendFirst)), CreateSave::Created(101));
    assert_eq!((vendor.named("Acme"), creates.next()), (3, Order::SendFirst));
}

#[test]
fn a_look_that_fails_sends_nothing_and_the_next_save_looks_again() {
    let vendor = Vendor::with(vec![]);
    vendor.then_write(Fail::WithoutActing(server_error(502, None)));
    let typed = input("Acme", None);
    let mut creates = Creates::default();
    assert!(matches!(block_on(creates.save(&vendor, &typed, creates.next())), CreateSave::Unsure(_)));
    vendor.then_read(ApiError::Network("offline".into()));
    assert_eq!(
        block_on(creates.save(&vendor, &typed, creates.next())),
        CreateSave::Unknown { error: server_error(502, None), look: ApiError::Network("offline".into()) }
    );
    assert_eq!(vendor.sent.borrow().len(), 1, "the failed look sent nothing");
    assert_eq!(block_on(creates.save(&vendor, &typed, creates.next())), CreateSave::Created(100));
    assert_eq!(vendor.named("Acme"), 1);
}

// The client's resends under the protocol ------------------------------------

#[test]
fn a_save_met_by_an_expired_session_is_sent_again_once_signed_in_and_lands_with_what_was_typed() {
    let vendor = Vendor::with(vec![acme("Warm")]);
    vendor.then_write(Fail::WithoutActing(ApiError::Unauthorized("expired".into())));
    assert_eq!(
        block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))),
        EditSave::Saved { before: rated("Warm"), after: rated("Hot") }
    );
    assert_eq!(vendor.sign_ins.get(), 1);
    assert_eq!(*vendor.sent.borrow(), [json!({"rating": "Hot"}), json!({"rating": "Hot"})], "the same change again");
    assert_eq!(vendor.account(7).expect("held").fields.rating.as_deref(), Some("Hot"));

    let vendor = Vendor::with(vec![]);
    vendor.then_write(Fail::WithoutActing(ApiError::Unauthorized("expired".into())));
    let typed = input("Acme", Some("N-1"));
    assert_eq!(block_on(Creates::default().save(&vendor, &typed, Order::SendFirst)), CreateSave::Created(100));
    assert_eq!((vendor.sign_ins.get(), vendor.named("Acme")), (1, 1));
    assert_eq!(vendor.account(100).expect("held").fields, typed);
}

#[test]
fn a_user_who_does_not_sign_in_again_keeps_what_they_typed_and_saves_it_later() {
    let vendor = Vendor::with(vec![acme("Warm")]);
    vendor.user.set(User::GivesUp);
    vendor.then_write(Fail::WithoutActing(ApiError::Unauthorized("expired".into())));
    let EditSave::Refused(error) = block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))) else {
        panic!("refused")
    };
    assert_eq!(refusal(error).at, Target::Form);
    assert_eq!(vendor.account(7).expect("held").fields.rating.as_deref(), Some("Warm"), "nothing landed");
    vendor.user.set(User::SignsInAgain);
    assert!(matches!(block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))), EditSave::Saved { .. }));
    assert_eq!(vendor.account(7).expect("held").fields.rating.as_deref(), Some("Hot"));
}

#[test]
fn a_rate_limited_save_waits_as_retry_after_says_and_lands_once() {
    let vendor = Vendor::with(vec![]);
    vendor.then_write(Fail::WithoutActing(ApiError::RateLimited { retry_after: Some(Duration::from_secs(2)) }));
    let typed = input("Acme", Some("N-1"));
    assert_eq!(block_on(Creates::default().save(&vendor, &typed, Order::SendFirst)), CreateSave::Created(100));
    assert_eq!(*vendor.waits.borrow(), [Duration::from_secs(2)]);
    assert_eq!((vendor.sent.borrow().len(), vendor.named("Acme")), (2, 1), "sent again once, created once");

    let vendor = Vendor::with(vec![acme("Warm")]);
    vendor.then_write(Fail::WithoutActing(server_error(503, Some(1))));
    assert!(matches!(block_on(save_edit(&vendor, 7, &rated("Warm"), &rated("Hot"))), EditSave::Saved { .. }));
    assert_eq!(*vendor.waits.borrow(), [Duration::from_secs(1)], "a 503 with Retry-After is waited out too");
    assert_eq!(vendor.sent.borrow().len(), 2);
}

// Pure parts ----------------------------------------------------------------

#[test]
fn an_account_holds_what_was_typed_only_when_every_field_is_equal() {
    let typed = typed_values(&input("Acme", None));
    assert!(holds_all(&stored(1, input("Acme", None)), &typed));
    assert!(!holds_all(&stored(1, input("Acme Inc", None)), &typed), "a criterion matches substrings; this does not");
    let with_more = AccountInput { rating: Some("Hot".into()), ..input("Acme", None) };
    assert!(holds_all(&stored(1, with_more), &typed), "fields not typed do not count");
    let custom = AccountInput {
        custom_fields: Some(vec![FieldValue { field: "COL1".into(), value: Some("x".into()) }]),
        ..input("Acme", None)
    };
    assert!(holds_all(&stored(1, input("Acme", None)), &typed_values(&custom)), "lists are left out");
    assert_eq!(typed.get(&Key::Field(Field::AnnualRevenue)).map(String::as_str), Some("1250000"));
}

#[test]
fn what_was_typed_is_copied_as_lines_without_secure_values() {
    let mut values = rated("Hot");
    values.insert(Key::Custom(7), "seven".into());
    values.insert(Key::Secure(1), "secret".into());
    let text = typed_text(&values);
    assert!(
        text.contains("Name: Acme\n") && text.contains("Rating: Hot\n") && text.contains("COL7: seven\n"),
        "{text}"
    );
    assert!(!text.contains("secret"), "{text}");
}
