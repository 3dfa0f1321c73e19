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
    // Release binaries pack their relative relocations (DT_RELR, read by glibc 2.36 and
    // later): the 110,000 entries of a position-independent executable take a few KB
    // instead of 2.6 MB that the loader reads at every start, and that stays resident.
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu && std::env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    if !configured && !ci {
        println!("cargo::rustc-cfg=babillard_no_postgres");
    }
}
