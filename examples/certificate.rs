//! How long a certificate of attendance takes to draw, and how big it is: renders the
//! same certificate N times (default 200) and prints the time per PDF and its size.
//! Run: `cargo run --release --example certificate [N] [FILE.pdf]` (debug builds are
//! several times slower); with FILE, the certificate is also written there to look at.
//! The first PDF pays for parsing DejaVu once per process; it is timed apart.

use std::time::Instant;

use babillard::certificate::{Certificate, render};

fn main() -> anyhow::Result<()> {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let c = Certificate {
        heading: "Attestation de participation".into(),
        intro: "Nous attestons que".into(),
        name: "Hélène Gagné-Côté".into(),
        attended: "a participé à l'atelier".into(),
        title: "Apprivoiser sa tablette : courriels, photos et appels vidéo en toute sécurité"
            .into(),
        date: "samedi 14 mars 2026".into(),
        hours: "de 13 h 30 à 15 h (durée : 1 h 30)".into(),
        organisation: "Offert par la Bibliothèque Jean-Marc-Belzile".into(),
        trainers: "Animé par Isabelle Tremblay, Éric Côté".into(),
        footer: "Babillard — attestation émise le mardi 17 mars 2026".into(),
        document_title: "Attestation de participation".into(),
    };
    let first = Instant::now();
    let pdf = render(&c)?;
    let first = first.elapsed();
    if let Some(path) = std::env::args().nth(2) {
        std::fs::write(path, &pdf)?;
    }
    let start = Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        bytes = render(&c)?.len();
    }
    let each = start.elapsed() / n.max(1);
    println!(
        "first certificate (fonts parsed): {first:?}; then {each:?} per certificate over {n}; {} bytes ({bytes} each)",
        pdf.len()
    );
    Ok(())
}
