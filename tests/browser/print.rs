//! The printed programme as Chromium prints it, on A4 and on letter paper: the pages it
//! takes, and no session cut across two pages (its title and its short address on the
//! same page). The text of each page is read back with poppler's `pdftotext`.

use std::path::Path;
use std::process::Command;

use serde_json::json;

use super::driver::Driver;
use super::{common, screenshot_dir, serve};

/// Where poppler's text extractor is (Debian's `poppler-utils`).
pub const PDFTOTEXT: &str = "/usr/bin/pdftotext";

/// The text of each page of a PDF.
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new(PDFTOTEXT)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 text");
    // Pages end with a form feed; the last one is followed by nothing.
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

pub fn the_printed_programme_fits_a4_and_letter_without_cutting_a_session() {
    let (base, state, _dir) = serve();
    // 24 sessions in March 2027, three a day on eight days, with titles long enough to
    // wrap, so blocks land across page ends wherever they fall.
    let ids: Vec<(String, i64)> = {
        let mut c = state.db.write().unwrap();
        let b = common::fixtures::base(&mut c);
        (0..24)
            .map(|n| {
                let day = 2 + (n / 3) * 3;
                let hour = 14 + (n % 3) * 2;
                let title = format!(
                    "Atelier n° {:02} : apprivoiser sa tablette et ses applications",
                    n + 1
                );
                let at = common::fixtures::utc(&format!("2027-03-{day:02} {hour:02}:00"));
                let id = common::fixtures::session(&mut c, &b, &title, at, |_| {});
                (format!("Atelier n° {:02}", n + 1), id)
            })
            .collect()
    };
    let d = Driver::start();
    d.go(&format!("{base}/print/programme?month=2027-03&lang=fr"));
    d.wait_for("document.querySelectorAll('.print-session').length == 24");

    // (paper, width and height in inches)
    for (paper, width, height) in [("a4", 8.27, 11.69), ("letter", 8.5, 11.0)] {
        use base64::Engine as _;
        let pdf = d.cdp(
            "Page.printToPDF",
            json!({
                "paperWidth": width,
                "paperHeight": height,
                "printBackground": false,
                "displayHeaderFooter": false,
            }),
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(pdf["data"].as_str().expect("PDF data"))
            .expect("base64 PDF");
        let file = screenshot_dir().join(format!("programme-{paper}.pdf"));
        std::fs::write(&file, bytes).expect("PDF written");
        let pages = pages(&file);
        // Large print takes room, but not a page a session: 24 sessions on 3 to 12 pages.
        assert!(
            (3..=12).contains(&pages.len()),
            "{paper}: {} pages",
            pages.len()
        );
        for (label, id) in &ids {
            let short = format!("/s/{id}");
            let with_title: Vec<usize> = (0..pages.len())
                .filter(|&p| pages[p].contains(label.as_str()))
                .collect();
            let with_address: Vec<usize> = (0..pages.len())
                .filter(|&p| {
                    pages[p]
                        .split(|c: char| !c.is_ascii_alphanumeric() && c != '/')
                        .any(|w| w.ends_with(&short))
                })
                .collect();
            assert_eq!(
                with_title.len(),
                1,
                "{paper}: « {label} » on pages {with_title:?}"
            );
            assert_eq!(
                with_title, with_address,
                "{paper}: « {label} » is cut: title on {with_title:?}, address {short} on {with_address:?}"
            );
        }
    }
}
