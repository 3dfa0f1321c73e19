//! One-page PDF documents in DejaVu Sans (`crate::fonts`): what certificates of
//! attendance and invoices are drawn with. A [`Page`] takes text runs and lines in
//! points from the bottom-left corner, as PDF counts them; [`Page::finish`] writes the
//! file with pdf-writer.
//!
//! Each face is embedded as a CID font (Type0 over a TrueType CIDFont, Identity-H),
//! subset by `subsetter` to the glyphs the page uses, with its advance widths and a
//! ToUnicode map: accents print, and text copied or extracted from the file (a screen
//! reader, `pdftotext`) reads as written. A page's content and fonts are compressed
//! with flate2.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::OnceLock;

use pdf_writer::types::UnicodeCmap;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

/// Points per millimetre.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;

/// One face of DejaVu Sans, parsed once per process.
pub(crate) struct Face {
    data: &'static [u8],
    face: ttf_parser::Face<'static>,
    /// The PostScript name, as the PDF names the font.
    name: &'static str,
}

impl Face {
    fn parse(data: &'static [u8], name: &'static str) -> Option<Face> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        Some(Face { data, face, name })
    }

    fn per_em(&self) -> f32 {
        f32::from(self.face.units_per_em().max(1))
    }

    /// The glyph for `c` (DejaVu's .notdef box when the face has none).
    fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(0, |g| g.0)
    }

    fn advance(&self, glyph: u16) -> u16 {
        self.face
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .unwrap_or(0)
    }

    /// Width of `text` in points at `size`, from the face's advances.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(self.advance(self.glyph(c))))
            .sum();
        units as f32 / self.per_em() * size
    }

    /// `text` cut at spaces into lines no wider than `max` points (a word longer than
    /// the line stays whole).
    pub(crate) fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && self.width(&candidate, size) > max {
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
}

/// The two faces documents are written in.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

/// The faces, parsed once per process.
pub(crate) fn fonts() -> anyhow::Result<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: Face::parse(crate::fonts::SANS, "DejaVuSans")?,
                bold: Face::parse(crate::fonts::SANS_BOLD, "DejaVuSans-Bold")?,
            })
        })
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("DejaVu Sans could not be read"))
}

/// A colour as red, green and blue from 0 to 1.
pub(crate) type Rgb = (f32, f32, f32);

/// The blue of headings and rules on Babillard's documents.
pub(crate) const BLUE: Rgb = (0.114, 0.310, 0.569);

/// The near-black of their text.
pub(crate) const INK: Rgb = (0.1, 0.1, 0.1);

/// The glyphs a page uses from one face: old glyph id → new id in the subset, and the
/// text each new id stands for (for the ToUnicode map).
#[derive(Default)]
struct Used {
    remapper: GlyphRemapper,
    chars: BTreeMap<u16, char>,
}

impl Used {
    /// The new id of `c`'s glyph, recorded for the subset.
    fn encode(&mut self, face: &Face, c: char) -> u16 {
        let new = self.remapper.remap(face.glyph(c));
        self.chars.entry(new).or_insert(c);
        new
    }
}

/// One page being drawn.
pub(crate) struct Page {
    width: f32,
    height: f32,
    content: Content,
    fonts: &'static Fonts,
    used: [Used; 2],
}

impl Page {
    /// A blank page of `width_mm` × `height_mm`.
    pub(crate) fn new(width_mm: f32, height_mm: f32) -> anyhow::Result<Page> {
        Ok(Page {
            width: width_mm * PT_PER_MM,
            height: height_mm * PT_PER_MM,
            content: Content::new(),
            fonts: fonts()?,
            used: Default::default(),
        })
    }

    /// `text` in one line, its baseline starting at (`x`, `y`).
    pub(crate) fn text(
        &mut self,
        text: &str,
        bold: bool,
        size: f32,
        (x, y): (f32, f32),
        color: Rgb,
    ) {
        let (face, used, name) = if bold {
            (&self.fonts.bold, &mut self.used[1], FONT_NAMES[1])
        } else {
            (&self.fonts.regular, &mut self.used[0], FONT_NAMES[0])
        };
        let encoded: Vec<u8> = text
            .chars()
            .flat_map(|c| used.encode(face, c).to_be_bytes())
            .collect();
        self.content
            .begin_text()
            .set_fill_rgb(color.0, color.1, color.2)
            .set_font(Name(name), size)
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y])
            .show(Str(&encoded))
            .end_text();
    }

    /// A line through `points`, closed back to the first when `closed`.
    pub(crate) fn line(&mut self, points: &[(f32, f32)], closed: bool, thickness: f32, color: Rgb) {
        let Some(&(x, y)) = points.first() else {
            return;
        };
        self.content
            .set_stroke_rgb(color.0, color.1, color.2)
            .set_line_width(thickness)
            .move_to(x, y);
        for &(x, y) in &points[1..] {
            self.content.line_to(x, y);
        }
        if closed {
            self.content.close_and_stroke();
        } else {
            self.content.stroke();
        }
    }

    /// The page's width in points.
    pub(crate) fn width(&self) -> f32 {
        self.width
    }

    /// The page's height in points.
    pub(crate) fn height(&self) -> f32 {
        self.height
    }

    /// The faces this page draws with.
    pub(crate) fn fonts(&self) -> &'static Fonts {
        self.fonts
    }

    /// The finished file, titled `title` in its metadata.
    pub(crate) fn finish(self, title: &str) -> anyhow::Result<Vec<u8>> {
        let mut ids = (1..).map(Ref::new);
        let mut next = || ids.next().expect("ids never run out");
        let (catalog, tree, page, content, info) = (next(), next(), next(), next(), next());
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids([page]).count(1);

        let faces = [&self.fonts.regular, &self.fonts.bold];
        let mut embedded = Vec::new();
        for (i, used) in self.used.iter().enumerate() {
            if !used.chars.is_empty() {
                let type0 = next();
                embedded.push((i, type0));
                write_font(&mut pdf, faces[i], used, type0, &mut next, i)?;
            }
        }

        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, self.width, self.height))
            .parent(tree)
            .contents(content);
        {
            let mut resources = p.resources();
            let mut fonts = resources.fonts();
            for (i, type0) in &embedded {
                fonts.pair(Name(FONT_NAMES[*i]), *type0);
            }
        }
        p.finish();
        pdf.stream(content, &deflate(&self.content.finish())?)
            .filter(Filter::FlateDecode);
        pdf.document_info(info)
            .title(TextStr(title))
            .producer(TextStr("Babillard"));
        Ok(pdf.finish())
    }
}

/// The names the page's resources give the two faces.
const FONT_NAMES: [&[u8]; 2] = [b"F1", b"F2"];

/// One face as a Type0 font (`type0`) with its CIDFont, descriptor, ToUnicode map and
/// subset font file.
fn write_font(
    pdf: &mut Pdf,
    face: &Face,
    used: &Used,
    type0: Ref,
    next: &mut impl FnMut() -> Ref,
    index: usize,
) -> anyhow::Result<()> {
    let (cid, descriptor, cmap, file) = (next(), next(), next(), next());
    // A subset font's name starts with six capitals, its own for each subset.
    let base = format!("BABIL{}+{}", ['A', 'B'][index], face.name);
    let system = || SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);

    let to_pdf = |units: f32| units * 1000.0 / face.per_em();
    let widths: Vec<f32> = used
        .remapper
        .remapped_gids()
        .map(|old| to_pdf(f32::from(face.advance(old))))
        .collect();
    let mut font = pdf.cid_font(cid);
    font.subtype(CidFontType::Type2)
        .base_font(Name(base.as_bytes()))
        .system_info(system())
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    font.widths().consecutive(0, widths);
    font.finish();

    let bbox = face.face.global_bounding_box();
    let ascent = to_pdf(f32::from(face.face.ascender()));
    let descent = to_pdf(f32::from(face.face.descender()));
    pdf.font_descriptor(descriptor)
        .name(Name(base.as_bytes()))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            to_pdf(f32::from(bbox.x_min)),
            to_pdf(f32::from(bbox.y_min)),
            to_pdf(f32::from(bbox.x_max)),
            to_pdf(f32::from(bbox.y_max)),
        ))
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(
            face.face
                .capital_height()
                .map_or(ascent, |h| to_pdf(f32::from(h))),
        )
        .stem_v(80.0)
        .font_file2(file);

    let mut unicode = UnicodeCmap::<u16>::new(Name(b"Custom"), system());
    for (&glyph, &c) in &used.chars {
        unicode.pair(glyph, c);
    }
    pdf.cmap(cmap, &unicode.finish());

    let subset = subsetter::subset(face.data, 0, &used.remapper)
        .map_err(|e| anyhow::anyhow!("subsetting {}: {e:?}", face.name))?;
    pdf.stream(file, &deflate(&subset)?)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), i32::try_from(subset.len())?);
    Ok(())
}

fn deflate(data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data)?;
    Ok(z.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_at_spaces_and_short_ones_stay_whole() {
        let f = &fonts().unwrap().regular;
        assert_eq!(f.wrap("Courriel", 20.0, 500.0), ["Courriel"]);
        let long = "Premiers pas avec la tablette : courriels, photos, appels vidéo et sécurité";
        let lines = f.wrap(long, 20.0, 300.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), long);
        assert!(lines.iter().all(|l| f.width(l, 20.0) <= 300.0));
    }

    #[test]
    fn widths_come_from_the_face() {
        let f = fonts().unwrap();
        // DejaVu Sans: « i » is narrower than « m », bold wider than regular.
        assert!(f.regular.width("i", 10.0) < f.regular.width("m", 10.0));
        assert!(f.regular.width("Été", 12.0) < f.bold.width("Été", 12.0));
        assert_eq!(f.regular.width("", 12.0), 0.0);
    }

    #[test]
    fn a_page_subsets_only_the_faces_it_uses() {
        let mut page = Page::new(100.0, 50.0).unwrap();
        page.text("Hélène", false, 12.0, (10.0, 20.0), (0.0, 0.0, 0.0));
        let pdf = page.finish("Essai").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("BABILA+DejaVuSans"),
            "the regular face is embedded"
        );
        assert!(!text.contains("DejaVuSans-Bold"), "the bold face is not");
        assert!(pdf.len() < 20_000, "{} bytes", pdf.len());
    }
}
