//! Horizontal bar charts as inline SVG, drawn by plotters' SVG backend on the server
//! (no JavaScript). Labels are measured with the embedded DejaVu Sans
//! (`crate::fonts::SANS`, registered once with plotters' ab_glyph font table) so the
//! label column fits French names; the SVG names `sans-serif`, which every browser and
//! printer has. For greyscale printing, a second series is much lighter than the first
//! (with a dark outline), and every bar carries its value as text. The page gives each
//! chart a `<figure>` with a `<figcaption>` (title and a one-sentence summary), and the
//! data table beside it; the SVG itself is `role="img"` labelled by that caption.

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const FAMILY: &str = "sans-serif";
const WIDTH: u32 = 640;
const ROW: i32 = 34;
const TOP: i32 = 8;
const LEGEND: i32 = 30;
/// Plotters writes `font-size` as this ÷ 1.24 in SVG: 18 px, the site's smallest text.
const FONT_PX: f64 = 22.4;
/// Longest label drawn (characters); the table beside the chart has the whole name.
const MAX_LABEL: usize = 24;

/// Dark blue for the main series, a pale one (outlined) for the second: far apart in
/// lightness, so they stay apart in greyscale.
const MAIN: RGBColor = RGBColor(0x1f, 0x3a, 0x68);
const SECOND: RGBColor = RGBColor(0xc6, 0xd8, 0xef);
const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if plotters::style::register_font(FAMILY, FontStyle::Normal, crate::fonts::SANS).is_err() {
            tracing::warn!("the embedded font does not load: chart labels are sized roughly");
        }
    });
}

/// One bar (one label, a value per series, each with its printed value).
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub values: Vec<(f64, String)>,
}

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_owned()
    } else {
        let mut s: String = label.chars().take(MAX_LABEL - 1).collect();
        s.push('…');
        s
    }
}

/// Width in pixels of `text` in the chart's font (an estimate without the font).
fn text_width(text: &str) -> i32 {
    let font = (FAMILY, FONT_PX).into_font();
    match font.box_size(text) {
        Ok((w, _)) => w as i32,
        Err(_) => (text.chars().count() as f64 * FONT_PX * 0.6) as i32,
    }
}

/// The SVG of a horizontal bar chart, labelled by the element `caption_id`; `series`
/// names each value of a bar (a legend is drawn when there are two).
pub fn bars(caption_id: &str, series: &[String], bars: &[Bar]) -> String {
    register_font();
    let labels: Vec<String> = bars.iter().map(|b| short(&b.label)).collect();
    let label_w = labels.iter().map(|l| text_width(l)).max().unwrap_or(0) + 12;
    let legend = if series.len() > 1 { LEGEND } else { 0 };
    let per_bar = series.len().max(1) as i32;
    let row = ROW.max(per_bar * 14 + 8);
    let height = (TOP + legend + row * bars.len() as i32 + 8).max(40) as u32;
    let max = bars
        .iter()
        .flat_map(|b| b.values.iter().map(|v| v.0))
        .fold(0.0_f64, f64::max);
    let values_w = bars
        .iter()
        .flat_map(|b| b.values.iter().map(|v| text_width(&v.1)))
        .max()
        .unwrap_or(0)
        + 10;
    let left = label_w;
    let span = (WIDTH as i32 - left - values_w - 4).max(40);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let text = |anchor: Pos| (FAMILY, FONT_PX).into_font().color(&INK).pos(anchor);
        let drawn = (|| -> Result<(), DrawingAreaErrorKind<_>> {
            root.fill(&WHITE)?;
            if legend > 0 {
                let mut x = left;
                for (i, name) in series.iter().enumerate() {
                    root.draw(&Rectangle::new([(x, TOP + 4), (x + 18, TOP + 22)], fill(i)))?;
                    root.draw(&Rectangle::new(
                        [(x, TOP + 4), (x + 18, TOP + 22)],
                        INK.stroke_width(1),
                    ))?;
                    root.draw(&Text::new(
                        name.clone(),
                        (x + 24, TOP + 13),
                        text(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                    x += 24 + text_width(name) + 24;
                }
            }
            for (i, (bar, label)) in bars.iter().zip(&labels).enumerate() {
                let y = TOP + legend + row * i as i32;
                root.draw(&Text::new(
                    label.clone(),
                    (left - 8, y + row / 2),
                    text(Pos::new(HPos::Right, VPos::Center)),
                ))?;
                let h = (row - 8) / per_bar;
                for (j, (value, printed)) in bar.values.iter().enumerate() {
                    let y0 = y + 4 + h * j as i32;
                    let w = if max > 0.0 {
                        (value / max * span as f64).round() as i32
                    } else {
                        0
                    };
                    if w > 0 {
                        root.draw(&Rectangle::new(
                            [(left, y0), (left + w, y0 + h - 2)],
                            fill(j),
                        ))?;
                        if j > 0 {
                            root.draw(&Rectangle::new(
                                [(left, y0), (left + w, y0 + h - 2)],
                                INK.stroke_width(1),
                            ))?;
                        }
                    }
                    root.draw(&Text::new(
                        printed.clone(),
                        (left + w + 5, y0 + (h - 2) / 2),
                        text(Pos::new(HPos::Left, VPos::Center)),
                    ))?;
                }
            }
            root.draw(&PathElement::new(
                vec![(left, TOP + legend), (left, height as i32 - 6)],
                INK.stroke_width(1),
            ))?;
            root.present()
        })();
        if let Err(e) = drawn {
            tracing::warn!(error = %e, "a chart could not be drawn");
        }
    }
    compact(&svg, caption_id)
}

/// Plotters' SVG, lighter: what every label repeats (font, size, ink, full opacity) said
/// once on the `<svg>` element, which they inherit, and no line breaks inside a label
/// (they would add a space, and shift a right-aligned label). A page carries four.
fn compact(svg: &str, caption_id: &str) -> String {
    let font = format!(" font-family=\"{FAMILY}\" font-size=\"{}\"", FONT_PX / 1.24);
    let ink = format!(" fill=\"#{:02X}{:02X}{:02X}\">", INK.0, INK.1, INK.2);
    let mut out = String::with_capacity(svg.len());
    for line in svg.lines() {
        if line.starts_with("<text ") {
            out.push_str(
                &line
                    .replace(&font, "")
                    .replace(" opacity=\"1\"", "")
                    .replace(&ink, ">"),
            );
        } else if line == "</text>" {
            out.push_str(line);
            out.push('\n');
        } else if line.starts_with('<') {
            out.push_str(&line.replace(" opacity=\"1\"", ""));
            out.push('\n');
        } else {
            // A label's text (escaped by plotters).
            out.push_str(line);
        }
    }
    out.replacen(
        "<svg ",
        &format!(
            "<svg role=\"img\" aria-labelledby=\"{caption_id}\" focusable=\"false\" class=\"chart\"{font}{ink_attr} ",
            ink_attr = ink.trim_end_matches('>')
        ),
        1,
    )
}

fn fill(series: usize) -> ShapeStyle {
    if series == 0 {
        MAIN.filled()
    } else {
        SECOND.filled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_svg_labelled_by_its_caption_with_french_labels_and_values() {
        let svg = bars(
            "c-topic",
            &["Présents".into(), "Absents".into()],
            &[
                Bar {
                    label: "Cybersécurité & données".into(),
                    values: vec![(42.0, "42".into()), (3.0, "3".into())],
                },
                Bar {
                    label: "Réseaux sociaux".into(),
                    values: vec![(7.0, "7".into()), (0.0, "0".into())],
                },
            ],
        );
        assert!(
            svg.starts_with("<svg role=\"img\" aria-labelledby=\"c-topic\""),
            "{svg}"
        );
        assert!(
            svg.contains("Cybersécurité &amp; données"),
            "escaped, accents kept"
        );
        assert!(svg.contains(">42</text>"), "{svg}");
        assert!(!svg.contains(" opacity=\"1\""), "said once, or not at all");
        assert!(svg.contains("Présents"));
        assert!(!svg.contains("style="), "our CSP forbids inline style");
        // The longest bar spans the drawing; the pale series is outlined.
        assert!(svg.contains("#1F3A68") && svg.contains("#C6D8EF"));
    }

    #[test]
    fn long_labels_are_cut_and_no_data_still_draws() {
        assert_eq!(
            short("Initiation à la sécurité numérique pour les aînés")
                .chars()
                .count(),
            MAX_LABEL
        );
        let svg = bars("c", &["Présents".into()], &[]);
        assert!(svg.contains("</svg>"));
    }
}
