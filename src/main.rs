//! The account-admin console. The Leptos app lands with the console foundation
//! issue; until then this binary only proves the workspace builds.

fn main() {
    println!("account-admin console: see README.md (make run)");
}
