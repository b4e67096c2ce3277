//! The console's entry point: see [`account_admin::start`].

fn main() {
    account_admin::start();
}
