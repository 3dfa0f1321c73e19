//! The layers point one way: web → (mail, jobs) → store → domain. This test reads the
//! sources and fails when a lower layer names a higher one:
//! - nothing under `src/domain`, `src/backup.rs`, `src/db`, `src/store`, `src/calendar`, `src/mail`,
//!   `src/jobs`, `src/payments` (nor `src/error.rs`, `src/i18n.rs`, `src/templates.rs`) names `web`;
//! - `src/domain` and `src/error.rs` name neither diesel nor actix (no database, no HTTP
//!   in the rules; web alone maps errors to HTTP);
//! - the store modules do not import each other in a cycle.
//!
//! It also checks that every test file is compiled: each `tests/*.rs` is a module of
//! `tests/suite.rs` or a target of its own in Cargo.toml.
//!
//! Run it alone with `cargo test --test suite layering`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const BELOW_WEB: &[&str] = &[
    "src/backup.rs",
    "src/domain",
    "src/db",
    "src/store",
    "src/calendar",
    "src/certificate.rs",
    "src/invoice.rs",
    "src/mail",
    "src/jobs",
    "src/payments",
    "src/error.rs",
    "src/i18n.rs",
    "src/templates.rs",
];

const PURE: &[&str] = &["src/domain", "src/error.rs"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file at or under `path` (a folder or one file), relative to the crate.
fn rust_files(path: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let full = root().join(path);
    let mut out = Vec::new();
    if full.is_dir() {
        walk(&full, &mut out);
    } else {
        assert!(full.is_file(), "{path} is missing: update this test");
        out.push(full);
    }
    out
}

/// The code of a file without its comments (prose may name anything).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            // `//` inside a string literal (a URL) is rare enough in these layers; a
            // line whose `//` follows a quote is kept whole.
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `code` names the web module: `crate::web`, `super::web`,
/// `super::super::web`, or `web` inside `crate::{…}`.
fn names_web(code: &str) -> bool {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = compact.as_str();
    while let Some(i) = rest.find("::web") {
        let after = rest[i + 5..].chars().next();
        let before = &rest[..i];
        if after.is_none_or(|c| !is_ident(c))
            && (before.ends_with("crate") || before.ends_with("super"))
        {
            return true;
        }
        rest = &rest[i + 5..];
    }
    // `use crate::{db, web::AppState}` and the like.
    let mut rest = compact.as_str();
    while let Some(i) = rest.find("crate::{") {
        let group = &rest[i + 8..];
        let mut depth = 1;
        let end = group
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(group.len(), |(j, _)| j);
        let inner = &group[..end];
        if inner
            .split([',', '{'])
            .any(|item| item == "web" || item.starts_with("web::"))
        {
            return true;
        }
        rest = &rest[i + 8..];
    }
    false
}

/// Whether `code` names the crate `krate` (`diesel::…`, `use diesel`, `#[diesel(…)]`).
fn names_crate(code: &str, krate: &str) -> bool {
    code.match_indices(krate).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + krate.len()..].chars().next();
        before.is_none_or(|c| !is_ident(c))
            && after.is_none_or(|c| !is_ident(c) || c == '_')
            && !code[..i].ends_with('$')
    })
}

fn relative(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

#[test]
fn the_checks_see_what_they_look_for() {
    assert!(names_web("use crate::web::AppState;"));
    assert!(names_web("use crate::web;"));
    assert!(names_web("fn f(s: &super::web::AppState) {}"));
    assert!(names_web("use super::super::web::i18n::Lang;"));
    assert!(names_web("use crate::{db::Db, web::AppState};"));
    assert!(names_web("use crate::{\n    db,\n    web,\n};"));
    assert!(names_web("use crate::{db::{Db, Pool}, web::{AppState}};"));
    assert!(!names_web("use crate::webhooks::Stripe;"));
    assert!(!names_web("use crate::store::web_links;"));
    assert!(!names_web("use crate::{db, webhooks};"));
    assert!(!names_web(&code("use crate::db; // not crate::web")));
    assert!(names_crate("use diesel::prelude::*;", "diesel"));
    assert!(names_crate("#[derive(diesel::Queryable)]", "diesel"));
    assert!(names_crate("use actix_web::HttpRequest;", "actix"));
    assert!(!names_crate("let dieselish = 1;", "diesel"));
}

#[test]
fn no_layer_below_web_names_web() {
    let mut offenders = Vec::new();
    for dir in BELOW_WEB {
        for file in rust_files(dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            if names_web(&code(&text)) {
                offenders.push(relative(&file));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "these files name the web layer; move what they need below it: {offenders:#?}"
    );
}

#[test]
fn the_domain_names_neither_the_database_nor_http() {
    let mut offenders = Vec::new();
    for dir in PURE {
        for file in rust_files(dir) {
            let text = code(&std::fs::read_to_string(&file).unwrap());
            for krate in ["diesel", "actix"] {
                if names_crate(&text, krate) {
                    offenders.push(format!("{} names {krate}", relative(&file)));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// The store modules each file imports (`crate::store::x`, `super::x`, `crate::store::{x, y}`).
fn store_graph() -> BTreeMap<String, BTreeSet<String>> {
    let files = rust_files("src/store");
    let module = |p: &Path| -> String {
        let rel = p.strip_prefix(root().join("src/store")).unwrap();
        let mut parts: Vec<String> = rel
            .with_extension("")
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|l| l == "mod") {
            parts.pop();
        }
        parts.first().cloned().unwrap_or_else(|| "mod".to_owned())
    };
    let names: BTreeSet<String> = files.iter().map(|p| module(p)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = module(file);
        let text: String = code(&std::fs::read_to_string(file).unwrap())
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let deps = graph.entry(from.clone()).or_default();
        let top_level = file.parent() == Some(&root().join("src/store"));
        let mut prefixes = vec!["crate::store::"];
        if top_level {
            prefixes.push("super::");
        }
        for prefix in prefixes {
            for (i, _) in text.match_indices(prefix) {
                let rest = &text[i + prefix.len()..];
                let items: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                    let end = group.find('}').unwrap_or(group.len());
                    group[..end].split(',').collect()
                } else {
                    vec![rest]
                };
                for item in items {
                    let name: String = item.chars().take_while(|&c| is_ident(c)).collect();
                    if name != from && names.contains(&name) {
                        deps.insert(name);
                    }
                }
            }
        }
    }
    graph
}

#[test]
fn store_modules_import_each_other_without_a_cycle() {
    let graph = store_graph();
    // Depth-first search; a module met again on the current path closes a cycle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            panic!(
                "store modules import each other in a cycle: {}",
                cycle.join(" → ")
            );
        }
    }
    assert!(
        graph
            .get("registrations")
            .is_some_and(|d| d.contains("sessions")),
        "the graph is read (registrations uses sessions): {graph:#?}"
    );
}

/// With `autotests = false`, a test file that neither `tests/suite.rs` nor Cargo.toml
/// names would never be compiled, and its tests would silently never run.
#[test]
fn every_test_file_is_compiled() {
    let suite = std::fs::read_to_string(root().join("tests/suite.rs")).unwrap();
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let mut forgotten = Vec::new();
    for entry in std::fs::read_dir(root().join("tests")).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".rs"))
        else {
            continue;
        };
        if name == "suite" {
            continue;
        }
        let in_suite = suite.lines().any(|l| l.trim() == format!("mod {name};"));
        let own_target = manifest.contains(&format!("path = \"tests/{name}.rs\""));
        if !in_suite && !own_target {
            forgotten.push(name.to_owned());
        }
    }
    assert!(
        forgotten.is_empty(),
        "test files compiled by nothing (add `mod …;` to tests/suite.rs): {forgotten:?}"
    );
}
