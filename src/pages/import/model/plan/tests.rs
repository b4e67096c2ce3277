//! The tests of the import's plan: rows to inputs, problems, counts, chunks.

use super::*;

fn problems(row: &Row) -> Vec<String> {
    row.problems.iter().map(Problem::text).collect()
}

#[test]
fn rows_become_create_inputs_and_empty_cells_send_nothing() {
    let (_, rows) = rows_of(
        "name,accountNumber,annualRevenue,classification,Type,billingCity,shippingCity,COL7,rating\n\
         Acme,A-1,\"1,250,000\",gold,7,Lyon,,'=x,\n",
    );
    let row = &rows[0];
    assert_eq!(row.problems, []);
    let json = serde_json::to_value(&row.input).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "name": "Acme", "accountNumber": "A-1", "annualRevenue": 1_250_000, "classificationId": 3,
            "typeId": 7, "billingAddress": {"city": "Lyon"}, "customFields": [{"field": "COL7", "value": "=x"}],
        }),
        "no key for an empty cell, the export's apostrophe removed"
    );
    assert_eq!(row.number(), Some("A-1"));
}

#[test]
fn problems_are_found_before_sending() {
    let (_, rows) = checked_rows_of(
        "name,accountNumber,numOfEmployees,classificationName,agentId,COL101,COL3\n\
         ,N-1,,,,,\n\
         Acme,N-2,many,,,,\n\
         Acme,N-3,,Titanium,,,\n\
         Acme,N-4,3000000000,,99999999999,,\n\
         Acme,N-5,,,,x,\n\
         Acme,N-6,,,,,ok,extra\n\
         Acme,N-2,,,,,\n",
        &[],
    );
    let found: Vec<Vec<String>> = rows.iter().map(problems).collect();
    assert_eq!(found[0], ["Name is required."]);
    assert_eq!(found[1], ["Employees: “many” is not a whole number."]);
    assert_eq!(found[2], ["There is no classification named “Titanium”."]);
    let too_large = |text| format!("{text} is out of range. Enter a whole number of at most 2,147,483,647.");
    assert_eq!(found[3], [too_large("Employees: “3000000000”"), too_large("Agent ID: “99999999999”")]);
    assert_eq!(found[4], ["COL101 is not a custom field: use COL1 to COL100."]);
    assert_eq!(found[5], ["This line has 8 cells; the header has 7."]);
    assert_eq!(found[6], ["Line 3 has the same account number: give each account its own row."]);
    assert!(rows.iter().all(|r| !r.sendable()));
}

#[test]
fn a_name_too_long_is_said_once_and_not_also_as_missing() {
    let long = "N".repeat(303);
    let (_, rows) = checked_rows_of(&format!("name,accountNumber\n{long},L-1\n{long},\n,L-3\n"), &[]);
    let said: Vec<Vec<String>> = rows.iter().map(problems).collect();
    assert_eq!(said[0], ["Name is longer than 255 characters."]);
    assert_eq!(said[1], ["Name is longer than 255 characters."]);
    assert_eq!(said[2], ["Name is required."], "an empty name is still missing");
}

#[test]
fn a_cell_with_characters_that_could_not_be_read_holds_its_row_back() {
    let (_, rows) = rows_of("name,billingCity,rating\nZ\u{fffd}rich Caf\u{fffd},Lyon,\nAcme,Z\u{fffd}rich,Hot\nOK,,\n");
    assert_eq!(
        problems(&rows[0]),
        ["Column “name” has characters that could not be read (shown as �): choose the file's encoding above, \
          or fix the cell."],
        "said once, and not also as a missing name"
    );
    assert!(problems(&rows[1])[0].starts_with("Column “billingCity” has characters"));
    assert!(!rows[0].sendable() && !rows[1].sendable() && rows[2].sendable());
}

#[test]
fn a_repeat_clears_when_the_first_row_is_left_out() {
    let (_, mut rows) = rows_of("name,accountNumber\nA,N-1\nB,N-1\n");
    assert!(!rows[1].sendable());
    let rev = rows[1].rev;
    rows[0].excluded = true;
    mark_repeats(&mut rows);
    assert!(rows[1].sendable());
    assert!(rows[1].rev > rev, "the row redraws");
}

#[test]
fn an_exported_account_without_a_number_would_be_copied_and_is_held_back() {
    let (_, rows) = rows_of("id,name,accountNumber\n5,Acme,\n6,Beta,B-1\n,New,\n");
    assert_eq!(rows[0].problems, [Problem::CopyOfExisting]);
    assert_eq!(rows[1].problems, []);
    assert_eq!(rows[2].problems, [], "a row without an id is simply new");
}

#[test]
fn rows_are_sent_in_chunks_of_sendable_rows() {
    let text: String = std::iter::once("name\n".to_string())
        .chain((0..1203).map(|n| if n == 5 { "\n,x\n".into() } else { format!("R{n}\n") }))
        .collect();
    let (_, rows) = rows_of(&text);
    assert_eq!(rows.len(), 1203);
    let chunks = chunks(&rows, CHUNK_ROWS);
    assert_eq!(chunks.iter().map(Vec::len).collect::<Vec<_>>(), [500, 500, 202]);
    assert!(!chunks[0].contains(&5), "the row without a name is not sent");
    assert_eq!(chunks[1][0], 501);
}
