//! Invoices as PDF (issue 17, part 2): one Letter page, portrait, in the certificate's
//! DejaVu Sans (`crate::pdf`), so accents print and copy right. The
//! words and amounts come already written in the reader's language ([`InvoiceDoc`]);
//! this module only lays them out: the issuer and the invoice's number and dates at
//! the top, who is billed, a table of lines with right-aligned amounts, the totals,
//! and notes (how to pay, or that it is paid).

use crate::pdf::{BLUE, INK, PT_PER_MM, Page};

/// What an invoice says, in the reader's language.
#[derive(Debug, Clone, Default)]
pub struct InvoiceDoc {
    /// The document's title (PDF metadata): « Facture 2026-0001 ».
    pub document_title: String,
    /// « FACTURE ».
    pub heading: String,
    /// The issuing organisation: its name first, then its address and tax numbers.
    pub issuer: Vec<String>,
    /// (label, value): number, date, due date.
    pub facts: Vec<(String, String)>,
    /// « Facturé à ».
    pub bill_to_label: String,
    pub bill_to: Vec<String>,
    /// The table's four headings: description, quantity, unit price, amount.
    pub columns: [String; 4],
    pub rows: Vec<[String; 4]>,
    /// (label, amount): subtotal, taxes, total (the last one in bold).
    pub totals: Vec<(String, String)>,
    /// Lines under the totals: how to pay, or « Payée le … ».
    pub notes: Vec<String>,
}

const WIDTH_MM: f32 = 215.9;
const HEIGHT_MM: f32 = 279.4;
const MARGIN_MM: f32 = 20.0;

/// A rule across the table, in the heading's blue.
fn rule(page: &mut Page, x0: f32, x1: f32, y: f32) {
    page.line(&[(x0, y), (x1, y)], false, 0.75, BLUE);
}

/// The invoice as a PDF file.
pub fn render(d: &InvoiceDoc) -> anyhow::Result<Vec<u8>> {
    let mut w = Page::new(WIDTH_MM, HEIGHT_MM)?;
    let f = w.fonts();
    let left = MARGIN_MM * PT_PER_MM;
    let right = w.width() - left;
    let top = w.height() - left;
    let half = w.width() / 2.0;

    // The issuer, top left.
    let mut y = top - 14.0;
    for (i, line) in d.issuer.iter().enumerate() {
        let size = if i == 0 { 14.0 } else { 11.0 };
        for part in f.regular.wrap(line, size, half - left - 10.0) {
            w.text(&part, i == 0, size, (left, y), INK);
            y -= size * 1.35;
        }
    }
    let issuer_bottom = y;

    // The heading and the facts, top right.
    let mut y = top - 20.0;
    let hw = f.bold.width(&d.heading, 24.0);
    w.text(&d.heading, true, 24.0, (right - hw, y), BLUE);
    y -= 26.0;
    for (label, value) in &d.facts {
        let line = format!("{label} {value}");
        let lw = f.regular.width(&line, 11.0);
        w.text(&line, false, 11.0, (right - lw, y), INK);
        y -= 15.0;
    }
    let mut y = issuer_bottom.min(y) - 18.0;

    // Who is billed.
    w.text(&d.bill_to_label, true, 11.0, (left, y), BLUE);
    y -= 15.0;
    for line in &d.bill_to {
        w.text(line, false, 11.0, (left, y), INK);
        y -= 15.0;
    }
    y -= 14.0;

    // The lines: description on the left, three right-aligned columns.
    let col_right = [right - 190.0, right - 95.0, right];
    let desc_max = col_right[0] - 60.0 - left;
    w.text(&d.columns[0], true, 10.5, (left, y), INK);
    for (i, head) in d.columns[1..].iter().enumerate() {
        let hw = f.bold.width(head, 10.5);
        w.text(head, true, 10.5, (col_right[i] - hw, y), INK);
    }
    y -= 6.0;
    rule(&mut w, left, right, y);
    y -= 15.0;
    for row in &d.rows {
        let desc = f.regular.wrap(&row[0], 11.0, desc_max);
        for (i, cell) in row[1..].iter().enumerate() {
            let cw = f.regular.width(cell, 11.0);
            w.text(cell, false, 11.0, (col_right[i] - cw, y), INK);
        }
        for part in desc {
            w.text(&part, false, 11.0, (left, y), INK);
            y -= 15.0;
        }
        y -= 4.0;
    }
    rule(&mut w, left, right, y + 8.0);
    y -= 8.0;

    // The totals, right-aligned under the amounts.
    let n = d.totals.len();
    for (i, (label, amount)) in d.totals.iter().enumerate() {
        let last = i + 1 == n;
        let size = if last { 12.5 } else { 11.0 };
        let aw = (if last { &f.bold } else { &f.regular }).width(amount, size);
        w.text(amount, last, size, (right - aw, y), INK);
        let lw = (if last { &f.bold } else { &f.regular }).width(label, size);
        w.text(label, last, size, (col_right[1] - 20.0 - lw, y), INK);
        y -= size * 1.45;
    }
    y -= 16.0;

    // Notes.
    for note in &d.notes {
        for part in f.regular.wrap(note, 11.0, right - left) {
            w.text(&part, false, 11.0, (left, y), INK);
            y -= 15.0;
        }
        y -= 4.0;
    }

    w.finish(&d.document_title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invoice_is_a_small_pdf() {
        let pdf = render(&InvoiceDoc {
            document_title: "Facture 2026-0001".into(),
            heading: "FACTURE".into(),
            issuer: vec!["Brigade numérique des Sources".into(), "Asbestos".into()],
            facts: vec![("N° :".into(), "2026-0001".into())],
            bill_to_label: "Facturé à".into(),
            bill_to: vec!["Résidence Les Pins".into()],
            columns: [
                "Description".into(),
                "Quantité".into(),
                "Prix".into(),
                "Montant".into(),
            ],
            rows: vec![[
                "Atelier : Découvrir sa tablette, mardi 2 mars 2027".into(),
                "1,5 h".into(),
                "85,00 $".into(),
                "127,50 $".into(),
            ]],
            totals: vec![("Total".into(), "127,50 $".into())],
            notes: vec!["Payable d'ici le 6 janvier 2027.".into()],
        })
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < 60_000, "{} bytes", pdf.len());
    }
}
