//! Certificates of attendance as PDF (issue 14): one Letter page, landscape, in
//! DejaVu Sans, embedded and subset by `crate::pdf` so every accent prints and copies
//! right and the file stays small (about 24 KB). The words come already written in the
//! person's language ([`Certificate`]); this module only lays them out: centred lines,
//! long ones wrapped at word boundaries, inside a double frame.

use crate::pdf::{BLUE, INK, PT_PER_MM, Page};

/// What a certificate says, in the reader's language.
#[derive(Debug, Clone, Default)]
pub struct Certificate {
    /// « Attestation de participation ».
    pub heading: String,
    /// « Nous attestons que ».
    pub intro: String,
    pub name: String,
    /// « a participé à l'atelier ».
    pub attended: String,
    pub title: String,
    /// « samedi 14 mars 2026 ».
    pub date: String,
    /// « de 13 h 30 à 15 h (1 h 30) ».
    pub hours: String,
    /// « Offert par … ».
    pub organisation: String,
    /// « Animé par … » (empty: no trainer named).
    pub trainers: String,
    /// The site and the day it was issued.
    pub footer: String,
    /// The document's title (PDF metadata).
    pub document_title: String,
}

const WIDTH_MM: f32 = 279.4;
const HEIGHT_MM: f32 = 215.9;
const MARGIN_MM: f32 = 25.0;

fn frame(page: &mut Page, inset_mm: f32, thickness: f32) {
    let (x0, y0) = (inset_mm * PT_PER_MM, inset_mm * PT_PER_MM);
    let (x1, y1) = (page.width() - x0, page.height() - y0);
    page.line(
        &[(x0, y0), (x1, y0), (x1, y1), (x0, y1)],
        true,
        thickness,
        BLUE,
    );
}

/// The certificate as a PDF file.
pub fn render(c: &Certificate) -> anyhow::Result<Vec<u8>> {
    let mut page = Page::new(WIDTH_MM, HEIGHT_MM)?;
    let fonts = page.fonts();
    frame(&mut page, 10.0, 3.0);
    frame(&mut page, 13.0, 0.75);

    let page_width = page.width();
    let max = (WIDTH_MM - 2.0 * MARGIN_MM) * PT_PER_MM;
    // (text, bold, size in points, space before in points, blue)
    let blocks: Vec<(&str, bool, f32, f32, bool)> = vec![
        (&c.heading, true, 30.0, 0.0, true),
        (&c.intro, false, 15.0, 26.0, false),
        (&c.name, true, 26.0, 14.0, false),
        (&c.attended, false, 15.0, 14.0, false),
        (&c.title, true, 20.0, 12.0, false),
        (&c.date, false, 15.0, 18.0, false),
        (&c.hours, false, 15.0, 4.0, false),
        (&c.organisation, false, 15.0, 16.0, false),
        (&c.trainers, false, 15.0, 4.0, false),
    ];
    let mut y = (HEIGHT_MM - 38.0) * PT_PER_MM;
    for (text, bold, size, before, blue) in blocks {
        if text.trim().is_empty() {
            continue;
        }
        let face = if bold { &fonts.bold } else { &fonts.regular };
        y -= before;
        for line in face.wrap(text, size, max) {
            let x = (page_width - face.width(&line, size)) / 2.0;
            let color = if blue { BLUE } else { INK };
            page.text(&line, bold, size, (x, y - size), color);
            y -= size * 1.3;
        }
    }
    if !c.footer.is_empty() {
        let size = 11.0;
        let x = (page_width - fonts.regular.width(&c.footer, size)) / 2.0;
        page.text(
            &c.footer,
            false,
            size,
            (x, 22.0 * PT_PER_MM),
            (0.3, 0.3, 0.3),
        );
    }
    page.finish(&c.document_title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_a_small_pdf() {
        let pdf = render(&Certificate {
            heading: "Attestation de participation".into(),
            name: "Hélène Gagné-Côté".into(),
            title: "Découvrir sa tablette".into(),
            ..Certificate::default()
        })
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() < 40_000, "{} bytes", pdf.len());
    }
}
