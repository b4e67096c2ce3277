//! The tests of the bulk actions' model.

use super::*;

fn gold(id: &str) -> Option<String> {
    (id == "12").then(|| "Gold".to_string())
}

fn json(patch: Option<AccountPatch>) -> serde_json::Value {
    serde_json::to_value(patch.expect("an update")).expect("JSON")
}

#[test]
fn nothing_is_chosen_by_default_a_blank_value_is_no_choice_and_clearing_is_its_own() {
    for field in SETTABLE {
        assert_eq!(SetChoice::value(field, "  ", |_| None), Err(nothing_chosen(field).to_string()));
        let clear = SetChoice::clear(field);
        assert_eq!(json(clear.write_for(Some("5"))), serde_json::json!({ field.name(): null }));
    }
    assert_eq!(nothing_chosen(Field::CampaignId), "Enter a campaign ID to set, or clear it.");
    assert_eq!(SetChoice::value(Field::AgentId, "lots", |_| None), Err("Enter a whole number.".into()));
}

#[test]
fn a_set_sends_that_field_alone_and_nothing_where_the_account_already_holds_it() {
    let set = SetChoice::value(Field::AgentId, " 595,348 ", |_| None).unwrap();
    assert_eq!(json(set.write_for(None)), serde_json::json!({"agentId": 595348}));
    assert_eq!(set.write_for(Some("595348")), None);
    let campaign = SetChoice::value(Field::CampaignId, " C-9 ", |_| None).unwrap();
    assert_eq!(json(campaign.write_for(Some("C-1"))), serde_json::json!({"campaignId": "C-9"}));
}

#[test]
fn the_question_names_the_field_the_value_by_name_and_the_count() {
    let set = SetChoice::value(Field::ClassificationId, "12", gold).unwrap();
    assert_eq!(set.question(&Target::Picked(2)), "Set Classification to Gold on 2 accounts?");
    assert_eq!(set.verb(), "Set Classification");
    assert_eq!(SetChoice::clear(Field::CampaignId).question(&Target::Picked(3)), "Clear Campaign ID on 3 accounts?");
    assert_eq!(
        SetChoice::value(Field::AgentTeamId, "16001", |_| None).unwrap().question(&Target::Picked(1)),
        "Set Agent team ID to 16001 on 1 account?"
    );
}

#[test]
fn a_selection_of_everything_matching_is_asked_about_with_its_criteria_and_count() {
    let criteria = vec!["Name “acme”".to_string(), "City “Paris”".to_string()];
    let all = Target::Matching { count: 12_345, of: 12_345, criteria: criteria.clone() };
    let set = SetChoice::value(Field::ClassificationId, "12", gold).unwrap();
    assert_eq!(
        set.question(&all),
        "Set Classification to Gold on all 12,345 accounts matching Name “acme”, City “Paris”?"
    );
    assert_eq!(all.delete_question(), "Delete all 12,345 accounts matching Name “acme”, City “Paris”?");
    let fewer = Target::Matching { count: 119, of: 120, criteria };
    assert_eq!(fewer.accounts(), "119 of the 120 accounts matching Name “acme”, City “Paris”");
    let every = Target::Matching { count: 3, of: 3, criteria: Vec::new() };
    assert_eq!(SetChoice::clear(Field::TypeId).question(&every), "Clear Type on all 3 accounts?");
    assert_eq!(Target::Picked(2).delete_question(), "Delete the selected accounts?");
    assert_eq!(every.link_question("CT-0007"), "Link CT-0007 to all 3 accounts?");
    assert!(every.link_asks_first() && !Target::Picked(3).link_asks_first(), "picked rows link at once");
}

#[test]
fn deleting_everything_matching_asks_for_the_count_to_be_typed_with_or_without_separators() {
    assert_eq!(Target::Picked(5000).delete_asks_to_type(), None, "rows ticked by hand are asked as before");
    let all = Target::Matching { count: 12_345, of: 12_345, criteria: Vec::new() };
    assert_eq!(all.delete_asks_to_type().as_deref(), Some("12,345"));
    for typed in ["12,345", " 12345 ", "12 345", "12.345", "12\u{202f}345"] {
        assert!(typed_count_matches(typed, 12_345), "{typed:?}");
    }
    for typed in ["", "12,344", "123456", "12,345.0x", "-12345", "twelve"] {
        assert!(!typed_count_matches(typed, 12_345), "{typed:?}");
    }
}

fn set_report(before: &[(i64, Option<&str>)]) -> Report<i64, Outcome> {
    Report {
        done: before
            .iter()
            .map(|(id, b)| (*id, Outcome::Set { name: format!("A{id}"), before: b.map(String::from) }))
            .collect(),
        failed: vec![(9, Failure::MayHaveLanded(ApiError::Timeout))],
        not_sent: vec![],
    }
}

#[test]
fn undo_keeps_what_each_changed_account_held_and_puts_it_back_only_where_ours_is_still_there() {
    let set = SetChoice::value(Field::ClassificationId, "12", gold).unwrap();
    let undo = SetUndo::of(&set, &set_report(&[(1, None), (2, Some("3")), (3, Some("12"))]), &Looked::new()).unwrap();
    assert_eq!(undo.ids(), [1, 2], "3 already held it; 9 failed before its look");
    assert_eq!(undo.describe(), "Undo Set Classification to Gold");
    assert_eq!(json(undo.restore(1, Some("12"))), serde_json::json!({"classificationId": null}), "it had none");
    assert_eq!(json(undo.restore(2, Some("12"))), serde_json::json!({"classificationId": 3}));
    assert_eq!(undo.restore(2, Some("4")), None, "changed since: left as it is");
    assert_eq!(undo.restore(1, None), None, "cleared since: left so");
    assert_eq!(
        SetUndo::of(&set, &set_report(&[(3, Some("12"))]), &Looked::new()),
        None,
        "nothing changed: nothing to undo"
    );
    // The failed one, retried: one undo covers both runs.
    let retried = SetUndo::of(&set, &set_report(&[(9, Some("5")), (1, Some("12"))]), &Looked::new()).unwrap();
    let both = undo.merge(retried);
    assert_eq!(both.ids(), [1, 2, 9]);
    assert_eq!(json(both.restore(9, Some("12"))), serde_json::json!({"classificationId": 5}));
    assert_eq!(json(both.restore(1, Some("12"))), serde_json::json!({"classificationId": null}), "first held");
}

#[test]
fn the_report_counts_names_each_failure_and_offers_the_failed_again() {
    let report = Report {
        done: (1..=28).map(|id| (id, Outcome::Set { name: String::new(), before: None })).collect(),
        failed: vec![
            (29, Failure::MayHaveLanded(ApiError::Server { status: 500, message: "x".into(), retry_after: None })),
            (30, Failure::Refused(ApiError::Validation("classificationId 99 does not exist.".into()))),
            (32, Failure::Refused(ApiError::Timeout)),
        ],
        not_sent: vec![31],
    };
    let action = BulkAction::Set(SetChoice::value(Field::ClassificationId, "99", |_| None).unwrap());
    let done = bulk_report(&action, Attempt::First, &report, |id| (id != 32).then(|| format!("Acme {id}")));
    assert_eq!(done.summary, "Set Classification to 99: done for 28 of 32 accounts. 3 failed. 1 not sent (stopped).");
    assert!(done.failures[0].starts_with("Acme 29 (ID 29): The Account API failed (HTTP 500)"), "{}", done.failures[0]);
    assert!(done.failures[0].ends_with("It may have been done: check the account."));
    assert_eq!(done.failures[1], "Acme 30 (ID 30): There is no classification with ID 99.");
    assert_eq!(
        done.failures[2],
        "Account 32: It could not be read first, so nothing was changed: The Account API did not answer in time."
    );
    assert_eq!(done.retry, [29, 32], "the refusal of the value would only come back, for the rest too");
    assert_eq!(done.resend.label(), "Retry the failed");
    assert_eq!(done.done.len(), 28);
    let unsure = vec![(1, Failure::MayHaveLanded(ApiError::Timeout))];
    let report = Report { done: vec![], failed: unsure, not_sent: vec![2] };
    let deleted = bulk_report(&BulkAction::Delete, Attempt::First, &report, |_| None);
    assert_eq!(deleted.resend.label(), "Retry the failed and send the rest");
    assert_eq!(deleted.retry, [1, 2]);
    let why = &deleted.failures[0];
    assert!(why.ends_with("in time. It may have been done: check the account."), "{why}");
}

#[test]
fn a_set_write_without_a_clear_answer_is_in_its_undo_with_what_its_look_read() {
    let set = SetChoice::value(Field::ClassificationId, "12", gold).unwrap();
    // 9 timed out after its look read "5": it may have landed.
    let looked = Looked::from([(1, None), (9, Some("5".to_string()))]);
    let undo = SetUndo::of(&set, &set_report(&[(1, None)]), &looked).unwrap();
    assert_eq!(undo.ids(), [1, 9]);
    assert_eq!(json(undo.restore(9, Some("12"))), serde_json::json!({"classificationId": 5}), "it landed");
    assert_eq!(undo.restore(9, Some("5")), None, "it did not land: nothing to put back");
    // Retried, it is found holding the value: the first run's look says what goes back.
    let retried = SetUndo::of(&set, &set_report(&[(9, Some("12"))]), &Looked::new());
    let both = retried.map_or(undo.clone(), |r| undo.clone().merge(r));
    assert_eq!(json(both.restore(9, Some("12"))), serde_json::json!({"classificationId": 5}));
}

#[test]
fn a_set_says_how_many_held_the_value_already_and_a_delete_warning_agrees_in_number() {
    let set = SetChoice::value(Field::ClassificationId, "12", gold).unwrap();
    let mut report = set_report(&[(1, None), (2, Some("12")), (3, Some("12"))]);
    report.failed.clear();
    let done = bulk_report(&BulkAction::Set(set), Attempt::First, &report, |_| None);
    assert_eq!(done.summary, "Set Classification to Gold: done for 3 of 3 accounts. 2 of them held it already.");
    assert_eq!(delete_warning(1), "1 account will be deleted with its notes and contact links. This cannot be undone.");
    assert!(delete_warning(2).starts_with("2 accounts will be deleted with their notes"));
}

#[test]
fn an_undo_reports_what_it_put_back_and_lists_what_changed_since() {
    let set = SetChoice::value(Field::ClassificationId, "12", gold).unwrap();
    let undo = SetUndo::of(&set, &set_report(&[(1, None), (2, None)]), &Looked::new()).unwrap();
    let report = Report {
        done: vec![(1, Outcome::Restored { name: "Acme".into() }), (2, Outcome::ChangedSince { name: "Bolt".into() })],
        failed: vec![],
        not_sent: vec![],
    };
    let done = bulk_report(&BulkAction::Undo(Arc::new(undo)), Attempt::First, &report, |_| None);
    assert_eq!(
        done.summary,
        "Undo Set Classification to Gold: put back on 1 of 2 accounts. 1 changed since, left as it is."
    );
    assert_eq!(done.failures, ["Bolt (ID 2): changed since, so it was left as it is."]);
    assert!(done.retry.is_empty(), "what changed since is not tried again");
    assert_eq!(names_read(&report).collect::<Vec<_>>(), [(1, "Acme"), (2, "Bolt")]);
}

#[test]
fn a_link_failure_reads_as_the_single_link_does() {
    let report = Report {
        done: vec![],
        failed: vec![(4, Failure::Refused(ApiError::Conflict("Association already exists.".into())))],
        not_sent: vec![],
    };
    let done =
        bulk_report(&BulkAction::LinkContact("CT-1".into()), Attempt::First, &report, |id| Some(format!("A{id}")));
    assert_eq!(done.failures, ["A4 (ID 4): CT-1 is already linked to this account."]);
}

#[test]
fn what_says_the_account_is_as_wanted_is_done_and_nothing_else_is() {
    let link = BulkAction::LinkContact("CT-0042".into());
    let linked = ApiError::Conflict("Association already exists.".into());
    let gone = ApiError::NotFound("No Record Found".into());
    let cases = [
        (&link, Attempt::Retry, &linked, true),
        (&link, Attempt::First, &linked, false),
        (&link, Attempt::Retry, &gone, false),
        (&link, Attempt::Retry, &ApiError::Conflict("Something else clashes.".into()), false),
        (&BulkAction::Delete, Attempt::Retry, &gone, true),
        (&BulkAction::Delete, Attempt::First, &gone, true),
        (&BulkAction::Delete, Attempt::Retry, &linked, false),
        (&BulkAction::Delete, Attempt::Retry, &ApiError::Timeout, false),
    ];
    for (action, attempt, error, done) in cases {
        assert_eq!(action.done_already(attempt, error), done, "{action:?} {attempt:?} {error:?}");
    }
}

#[test]
fn a_retry_counts_what_was_done_already_as_done_and_says_how_many() {
    let report = Report { done: vec![(1, Outcome::DoneAlready), (2, Outcome::Done)], failed: vec![], not_sent: vec![] };
    let link = BulkAction::LinkContact("CT-0042".into());
    let done = bulk_report(&link, Attempt::Retry, &report, |id| Some(format!("A{id}")));
    assert_eq!(
        done.summary,
        "Link CT-0042: done for 2 of 2 accounts. 1 of them had been done already, by the earlier attempt."
    );
    assert!(done.failures.is_empty() && done.retry.is_empty(), "{:?}", done.failures);
    assert_eq!(done.done, [1, 2]);
    let delete = bulk_report(&BulkAction::Delete, Attempt::Retry, &report, |_| None);
    assert_eq!(delete.done, [1, 2], "both leave the selection");
    // A Set looks first: on a retry, an account holding the value already was set by the earlier attempt.
    let set = SetChoice::value(Field::ClassificationId, "12", gold).unwrap();
    let looked = set_report(&[(1, Some("12")), (2, Some("3"))]);
    let said = |attempt| bulk_report(&BulkAction::Set(set.clone()), attempt, &looked, |_| None).summary;
    assert!(
        said(Attempt::Retry).contains("done for 2 of 3 accounts. 1 of them had been done already"),
        "{}",
        said(Attempt::Retry)
    );
    assert!(said(Attempt::First).contains("1 of them held it already."), "{}", said(Attempt::First));
}

#[test]
fn a_refusal_never_says_it_may_have_been_done() {
    let unavailable =
        ApiError::Server { status: 503, message: "busy".into(), retry_after: Some(std::time::Duration::from_secs(9)) };
    let report = Report {
        done: vec![],
        failed: vec![
            (1, Failure::Refused(unavailable)),
            (2, Failure::Refused(ApiError::RateLimited { retry_after: None })),
            (3, Failure::Refused(ApiError::Conflict("Association already exists.".into()))),
            (4, Failure::Refused(ApiError::NotFound("No Record Found".into()))),
            (5, Failure::Refused(ApiError::Validation("contactId x does not exist.".into()))),
        ],
        not_sent: vec![],
    };
    for action in [BulkAction::LinkContact("CT-1".into()), BulkAction::Delete] {
        let done = bulk_report(&action, Attempt::First, &report, |_| None);
        for said in &done.failures {
            assert!(!said.contains("may have"), "{said}");
        }
        assert!(done.failures[0].ends_with("Nothing was changed."), "{}", done.failures[0]);
    }
}

#[test]
fn a_report_of_thousands_writes_every_count_with_separators() {
    let set = SetChoice::value(Field::AgentId, "595348", |_| None).unwrap();
    let before = |id: i64| (id % 3 == 0).then(|| "595348".to_string());
    let report = Report {
        done: (1..=9_999).map(|id| (id, Outcome::Set { name: String::new(), before: before(id) })).collect(),
        failed: (10_000..11_200).map(|id| (id, Failure::MayHaveLanded(ApiError::Timeout))).collect(),
        not_sent: (11_200..12_345).collect(),
    };
    let done = bulk_report(&BulkAction::Set(set), Attempt::First, &report, |_| None);
    assert_eq!(
        done.summary,
        "Set Agent ID to 595348: done for 9,999 of 12,344 accounts. 3,333 of them held it already. \
         1,200 failed. 1,145 not sent (stopped)."
    );
    let (shown, rest) = done.failures_shown();
    assert_eq!((shown.len(), rest.as_deref()), (50, Some("… and 1,150 more: download the report to see them all.")));
    assert_eq!(shown[0], done.failures[0]);
}
