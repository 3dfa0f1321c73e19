//! Certificates of attendance as PDF (issue 14): one Letter page, landscape, in
//! DejaVu Sans (`crate::fonts`), embedded and subset by printpdf so every accent prints
//! and copies right and the file stays small (about 11 KB). The words come already
//! written in the person's language ([`Certificate`]); this module only lays them out:
//! centred lines, long ones wrapped at word boundaries, inside a double frame.

use std::sync::OnceLock;

use printpdf::{
    Color, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem,
};

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
const BLUE: (f32, f32, f32) = (0.114, 0.310, 0.569);

pub(crate) struct Fonts {
    pub(crate) regular: ParsedFont,
    pub(crate) bold: ParsedFont,
}

/// The two faces, parsed once per process.
pub(crate) fn fonts() -> anyhow::Result<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut warnings = Vec::new();
            Some(Fonts {
                regular: ParsedFont::from_bytes(crate::fonts::SANS, 0, &mut warnings)?,
                bold: ParsedFont::from_bytes(crate::fonts::SANS_BOLD, 0, &mut warnings)?,
            })
        })
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("DejaVu Sans could not be read"))
}

/// Width of `text` in points at `size` (advances from the font's `hmtx`).
pub(crate) fn width(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let units: u32 = text
        .chars()
        .map(|c| {
            font.lookup_glyph_index(c as u32)
                .map_or(0, |g| u32::from(font.get_horizontal_advance(g)))
        })
        .sum();
    units as f32 / per_em * size
}

/// `text` cut at spaces into lines no wider than `max` points (a word longer than the
/// line stays whole).
pub(crate) fn wrap(font: &ParsedFont, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && width(font, &candidate, size) > max {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

pub(crate) fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn frame(ops: &mut Vec<Op>, inset_mm: f32, thickness: f32) {
    let (x0, y0) = (Mm(inset_mm).into_pt(), Mm(inset_mm).into_pt());
    let (x1, y1) = (
        Mm(WIDTH_MM - inset_mm).into_pt(),
        Mm(HEIGHT_MM - inset_mm).into_pt(),
    );
    let corner = |x: Pt, y: Pt| LinePoint {
        p: Point { x, y },
        bezier: false,
    };
    ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![
                corner(x0, y0),
                corner(x1, y0),
                corner(x1, y1),
                corner(x0, y1),
            ],
            is_closed: true,
        },
    });
}

/// The certificate as a PDF file.
pub fn render(c: &Certificate) -> anyhow::Result<Vec<u8>> {
    let fonts = fonts()?;
    let mut doc = PdfDocument::new(&c.document_title);
    let regular = doc.add_font(&fonts.regular);
    let bold = doc.add_font(&fonts.bold);

    let mut ops = vec![Op::SetOutlineColor { col: rgb(BLUE) }];
    frame(&mut ops, 10.0, 3.0);
    frame(&mut ops, 13.0, 0.75);

    let page_width = Mm(WIDTH_MM).into_pt().0;
    let max = Mm(WIDTH_MM - 2.0 * MARGIN_MM).into_pt().0;
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
    let mut y = Mm(HEIGHT_MM - 38.0).into_pt().0;
    for (text, is_bold, size, before, blue) in blocks {
        if text.trim().is_empty() {
            continue;
        }
        let (font, id) = if is_bold {
            (&fonts.bold, &bold)
        } else {
            (&fonts.regular, &regular)
        };
        y -= before;
        for line in wrap(font, text, size, max) {
            let x = (page_width - width(font, &line, size)) / 2.0;
            ops.extend([
                Op::StartTextSection,
                Op::SetFillColor {
                    col: rgb(if blue { BLUE } else { (0.1, 0.1, 0.1) }),
                },
                Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: Pt(size),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(x),
                        y: Pt(y - size),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(line)],
                },
                Op::EndTextSection,
            ]);
            y -= size * 1.3;
        }
    }
    if !c.footer.is_empty() {
        let size = 11.0;
        let x = (page_width - width(&fonts.regular, &c.footer, size)) / 2.0;
        ops.extend([
            Op::StartTextSection,
            Op::SetFillColor {
                col: rgb((0.3, 0.3, 0.3)),
            },
            Op::SetFont {
                font: PdfFontHandle::External(regular.clone()),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Mm(22.0).into_pt(),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(c.footer.clone())],
            },
            Op::EndTextSection,
        ]);
    }
    let page = PdfPage::new(Mm(WIDTH_MM), Mm(HEIGHT_MM), ops);
    let mut warnings = Vec::new();
    Ok(doc
        .with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_at_spaces_and_short_ones_stay_whole() {
        let f = &fonts().unwrap().regular;
        assert_eq!(wrap(f, "Courriel", 20.0, 500.0), ["Courriel"]);
        let long = "Premiers pas avec la tablette : courriels, photos, appels vidéo et sécurité";
        let lines = wrap(f, long, 20.0, 300.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), long);
        assert!(lines.iter().all(|l| width(f, l, 20.0) <= 300.0));
    }

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
