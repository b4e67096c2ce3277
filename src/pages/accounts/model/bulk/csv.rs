//! The report of a bulk run as CSV, for "Download the report": one row per
//! account, with its id, its name where known, what became of it and why
//! (the reasons the bar lists), so that a run over thousands can be
//! checked, sorted and kept in a spreadsheet.

use crate::{
    api::runner::{Failure, Report},
    domain::csv::{BYTE_ORDER_MARK, push_row},
};

use super::{BulkAction, Outcome, why};

/// Every account of `report`, done, failed or not sent, as CSV (with the
/// byte-order mark the export has, for spreadsheets).
pub fn report_csv(
    action: &BulkAction,
    report: &Report<i64, Outcome>,
    name_of: &impl Fn(i64) -> Option<String>,
) -> String {
    let mut out = String::from(BYTE_ORDER_MARK);
    push(&mut out, "id", "name", "result", "detail");
    let name = |id: i64, outcome: Option<&Outcome>| {
        outcome.and_then(Outcome::name).map(str::to_string).or_else(|| name_of(id)).unwrap_or_default()
    };
    for (id, outcome) in &report.done {
        let (result, detail) = match outcome {
            Outcome::Done | Outcome::Read(_) => ("done", String::new()),
            Outcome::DoneAlready => ("done already", String::new()),
            Outcome::Set { before, .. } => match action {
                BulkAction::Set(set) if before.as_deref() == set.value.as_deref() => ("held it already", String::new()),
                _ => ("done", format!("Before: {}", before.as_deref().unwrap_or("empty"))),
            },
            Outcome::Restored { .. } => ("put back", String::new()),
            Outcome::ChangedSince { .. } => ("left as it is", "Changed since, so it was left as it is.".into()),
        };
        push(&mut out, &id.to_string(), &name(*id, Some(outcome)), result, &detail);
    }
    for (id, failure) in &report.failed {
        let result = match failure {
            Failure::MayHaveLanded(_) => "may have been done",
            Failure::Refused(_) => "failed",
        };
        push(&mut out, &id.to_string(), &name(*id, None), result, &why(action, failure));
    }
    for id in &report.not_sent {
        push(&mut out, &id.to_string(), &name(*id, None), "not sent", "Stopped before it was sent.");
    }
    out
}

/// "bulk-report-2026-12-05.csv"
pub fn report_file_name(date: &str) -> String {
    format!("bulk-report-{date}.csv")
}

fn push(out: &mut String, id: &str, name: &str, result: &str, detail: &str) {
    push_row(out, &[id, name, result, detail]);
}

#[cfg(test)]
mod tests {
    use account_model::Field;

    use super::*;
    use crate::{api::ApiError, pages::accounts::model::bulk::SetChoice};

    #[test]
    fn the_report_csv_has_a_row_per_account_with_what_became_of_it_and_why() {
        let set = SetChoice::value(Field::AgentId, "595348", |_| None).unwrap();
        let done =
            |name: &str, before: Option<&str>| Outcome::Set { name: name.into(), before: before.map(Into::into) };
        let report = Report {
            done: vec![(1, done("Acme, Inc.", Some("595349"))), (2, done("=cmd", Some("595348"))), (3, done("", None))],
            failed: vec![
                (4, Failure::MayHaveLanded(ApiError::Timeout)),
                (5, Failure::Refused(ApiError::NotFound("gone".into()))),
            ],
            not_sent: vec![6],
        };
        let names = |id: i64| (id == 5).then(|| "Shown on the page".to_string());
        let csv = report_csv(&BulkAction::Set(set), &report, &names);
        let lines: Vec<&str> = csv.strip_prefix(BYTE_ORDER_MARK).expect("the mark").split("\r\n").collect();
        assert_eq!(
            lines[..4],
            [
                "id,name,result,detail",
                "1,\"Acme, Inc.\",done,Before: 595349",
                "2,'=cmd,held it already,",
                "3,,done,Before: empty",
            ]
        );
        assert!(lines[4].starts_with("4,,may have been done,"), "{}", lines[4]);
        assert!(lines[4].ends_with("It may have been done: check the account."), "{}", lines[4]);
        assert_eq!(lines[5], "5,Shown on the page,failed,The account no longer exists.");
        assert_eq!(lines[6..], ["6,,not sent,Stopped before it was sent.", ""]);
        assert_eq!(report_file_name("2026-12-05"), "bulk-report-2026-12-05.csv");
    }
}
