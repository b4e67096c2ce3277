//! Integration tests of the sandbox: the whole [`account_sandbox::app`] driven
//! in-process with `oneshot`, and the binary itself over TCP.

mod accounts;
mod bad_input;
mod bulk;
mod bulk_rows;
mod categories;
mod concurrency;
mod contacts_and_notes;
mod custom_field_search;
mod faults;
mod harness;
mod ids;
mod integers;
mod list_and_search;
mod process;
mod reference_client;
mod roles;
mod routing;
mod search_indexes;
mod sessions;
mod static_files;
mod unicode;
