//! Session filters as people and programs write them (`?audience=aines&topic=cybersecurite`)
//! and as the store reads them. Values are slugs; a key may repeat (OR within a key,
//! AND across keys). Empty values, as sent by a form's "any" option, are ignored.

use chrono::NaiveDate;
use serde::Deserialize;

use super::geo;
use super::session::Format;
use super::text::Slug;
use crate::error::{Error, Msg};

/// The raw query, as deserialised from the URL (repeated keys become lists).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct FilterQuery {
    #[serde(default)]
    pub region: Vec<String>,
    #[serde(default)]
    pub mrc: Vec<String>,
    #[serde(default)]
    pub municipality: Vec<String>,
    /// With `municipality`: also the towns within this many kilometres.
    pub around: Option<String>,
    #[serde(default)]
    pub org: Vec<String>,
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub topic: Vec<String>,
    #[serde(default)]
    pub kind: Vec<String>,
    #[serde(default)]
    pub trainer: Vec<String>,
    #[serde(default)]
    pub format: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub free: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// A checked filter: every slug well-formed, dates real, formats known.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SessionFilter {
    pub region: Vec<String>,
    pub mrc: Vec<String>,
    pub municipality: Vec<String>,
    /// « et autour »: the municipalities within this many kilometres of those named
    /// (one of [`geo::RADII_KM`]); only with `municipality`, ignored without.
    pub around_km: Option<u32>,
    pub org: Vec<String>,
    pub audience: Vec<String>,
    pub topic: Vec<String>,
    pub kind: Vec<String>,
    pub trainer: Vec<String>,
    pub format: Vec<Format>,
    /// First Québec day included.
    pub from: Option<NaiveDate>,
    /// Last Québec day included.
    pub to: Option<NaiveDate>,
    pub free_only: bool,
}

impl SessionFilter {
    pub fn is_empty(&self) -> bool {
        *self == SessionFilter::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    pub const MAX_PER_PAGE: u32 = 100;

    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }
}

/// Longest period a list or feed query may span (`from` to `to`), in days: two years
/// covers any programme, and a wider one only makes the database work for nothing.
pub const MAX_RANGE_DAYS: i64 = 731;

/// Most sessions one public calendar feed carries (the soonest ones): a region's whole
/// programme fits many times over, and a feed stays a few hundred kilobytes at most.
pub const FEED_MAX_SESSIONS: i64 = 1000;

/// A refused filter value, named in the message (cut to 80 characters).
pub fn bad_value(field: &str, value: &str) -> Error {
    bad(field, value)
}

fn bad(field: &str, value: &str) -> Error {
    Error::Malformed(
        Msg::new("error-bad-filter")
            .arg("field", field)
            .arg("value", value.chars().take(80).collect::<String>()),
    )
}

fn slugs(field: &str, values: &[String]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let slug = Slug::parse(v).ok_or_else(|| bad(field, v))?.into_string();
        if !out.contains(&slug) {
            out.push(slug);
        }
    }
    if out.len() > 50 {
        return Err(bad(field, "…"));
    }
    Ok(out)
}

fn date(field: &str, v: &Option<String>) -> Result<Option<NaiveDate>, Error> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if super::time::in_range(d) => Ok(Some(d)),
            Ok(_) => Err(Error::Malformed(
                Msg::new("error-date-out-of-range")
                    .arg("field", field)
                    .arg("value", s)
                    .arg("first", super::time::FIRST_DAY)
                    .arg("last", super::time::LAST_DAY),
            )),
            Err(_) => Err(bad(field, s)),
        },
    }
}

fn flag(field: &str, v: &Option<String>) -> Result<bool, Error> {
    match v.as_deref().map(str::trim) {
        None | Some("") | Some("0") | Some("false") | Some("non") => Ok(false),
        Some("1") | Some("true") | Some("on") | Some("oui") | Some("yes") => Ok(true),
        Some(other) => Err(bad(field, other)),
    }
}

fn number(field: &str, v: &Option<String>, default: u32, max: u32) -> Result<u32, Error> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(bad(field, s)),
        },
    }
}

impl FilterQuery {
    pub fn parse(&self) -> Result<SessionFilter, Error> {
        let mut format = Vec::new();
        for v in self
            .format
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            let f = Format::parse(v).ok_or_else(|| bad("format", v))?;
            if !format.contains(&f) {
                format.push(f);
            }
        }
        let filter = SessionFilter {
            region: slugs("region", &self.region)?,
            mrc: slugs("mrc", &self.mrc)?,
            municipality: slugs("municipality", &self.municipality)?,
            around_km: None,
            org: slugs("org", &self.org)?,
            audience: slugs("audience", &self.audience)?,
            topic: slugs("topic", &self.topic)?,
            kind: slugs("kind", &self.kind)?,
            trainer: slugs("trainer", &self.trainer)?,
            format,
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            free_only: flag("free", &self.free)?,
        };
        let mut filter = filter;
        if let Some(v) = self
            .around
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            let km = v
                .parse::<u32>()
                .ok()
                .filter(|km| geo::RADII_KM.contains(km))
                .ok_or_else(|| {
                    Error::Malformed(
                        Msg::new("error-bad-radius")
                            .arg("value", v.chars().take(20).collect::<String>())
                            .arg(
                                "radii",
                                geo::RADII_KM
                                    .iter()
                                    .map(u32::to_string)
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            ),
                    )
                })?;
            // A radius around no town means nothing: the form sends one with « any
            // municipality », and that search is simply the whole region.
            if !filter.municipality.is_empty() {
                filter.around_km = Some(km);
            }
        }
        if let (Some(f), Some(t)) = (filter.from, filter.to)
            && t < f
        {
            return Err(Error::Malformed(
                Msg::new("error-bad-range").arg("from", f).arg("to", t),
            ));
        }
        if let (Some(f), Some(t)) = (filter.from, filter.to)
            && (t - f).num_days() > MAX_RANGE_DAYS
        {
            return Err(Error::Malformed(
                Msg::new("error-range-too-long").arg("days", MAX_RANGE_DAYS),
            ));
        }
        Ok(filter)
    }

    pub fn paging(&self, default_per_page: u32) -> Result<Paging, Error> {
        Ok(Paging {
            page: number("page", &self.page, 1, 100_000)?,
            per_page: number(
                "per_page",
                &self.per_page,
                default_per_page,
                Paging::MAX_PER_PAGE,
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> FilterQuery {
        serde_html_form::from_str(s).unwrap()
    }

    #[test]
    fn repeated_keys_are_alternatives_and_empty_values_are_ignored() {
        let f = q("audience=aines&audience=jeunes&topic=&format=online")
            .parse()
            .unwrap();
        assert_eq!(f.audience, vec!["aines", "jeunes"]);
        assert!(f.topic.is_empty());
        assert_eq!(f.format, vec![Format::Online]);
    }

    #[test]
    fn malformed_values_are_refused_with_the_field_named() {
        for bad_query in [
            "from=2026-13-01",
            "from=demain",
            "audience=A%C3%AEn%C3%A9s",
            "format=sur-place",
            "free=peut-etre",
            "from=2026-03-10&to=2026-03-01",
            "from=-262143-01-01",
            "to=262142-12-31",
            "from=2026-01-01&to=2030-01-01",
        ] {
            let err = q(bad_query).parse().unwrap_err();
            assert!(matches!(err, Error::Malformed(_)), "{bad_query}: {err:?}");
        }
        for bad_page in ["page=0", "page=-1", "per_page=1000", "page=abc"] {
            assert!(q(bad_page).paging(20).is_err(), "{bad_page}");
        }
    }

    #[test]
    fn around_takes_a_listed_radius_and_only_with_a_town() {
        let f = q("municipality=lachute&around=20").parse().unwrap();
        assert_eq!(f.around_km, Some(20));
        assert_eq!(q("around=20").parse().unwrap().around_km, None);
        assert_eq!(
            q("municipality=lachute&around=").parse().unwrap().around_km,
            None
        );
        for bad_radius in ["around=15", "around=-20", "around=vingt", "around=100000"] {
            let err = q(&format!("municipality=lachute&{bad_radius}"))
                .parse()
                .unwrap_err();
            assert!(matches!(err, Error::Malformed(_)), "{bad_radius}: {err:?}");
        }
    }

    #[test]
    fn paging_defaults_and_offsets() {
        let p = q("").paging(20).unwrap();
        assert_eq!((p.page, p.per_page, p.offset()), (1, 20, 0));
        assert_eq!(q("page=3&per_page=10").paging(20).unwrap().offset(), 20);
    }
}
