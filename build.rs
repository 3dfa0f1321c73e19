//! Tells the test suite whether PostgreSQL tests can run.
//!
//! Tests that need PostgreSQL read `BABILLARD_TEST_POSTGRES_URL`. When it is absent, they
//! are compiled as `#[ignore]` with that reason (cfg `babillard_no_postgres`), so
//! `cargo test` reports them as ignored rather than as passed. With `CI` set they are
//! never ignored: a CI run without PostgreSQL fails instead of going green by skipping.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(babillard_no_postgres)");
    println!("cargo::rerun-if-env-changed=BABILLARD_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-changed=build.rs");
    let configured = std::env::var_os("BABILLARD_TEST_POSTGRES_URL").is_some_and(|v| !v.is_empty());
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    if !configured && !ci {
        println!("cargo::rustc-cfg=babillard_no_postgres");
    }
}
