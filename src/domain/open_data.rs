//! The open data set (issue 17): the region's public activities as CSV and JSON, and
//! its DCAT-AP description, for the provincial portal (Données Québec harvests DCAT)
//! and anyone else. What a row holds, how each file is written and what the licence
//! is, without I/O. A row never holds a person: no participant, no trainer, no staff
//! member; only activities, places and organisations.

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::{Value, json};

use super::csv::{self, Separator};
use super::lang::Lang;
use super::time;

/// How far back the files go: activities that started from this many months ago.
pub const MONTHS_BACK: u32 = 24;

/// The first Québec day the files hold, for `today`.
pub fn first_day(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(Months::new(MONTHS_BACK))
        .unwrap_or(today)
}

/// Between the values of a cell that holds several (topics, audiences).
pub const LIST_SEPARATOR: &str = " | ";

/// The CSV's columns, in order; the JSON's keys are the same. Their meaning is
/// `opendata-col-<name>` in the Fluent files, shown on `/open-data`.
pub const COLUMNS: &[&str] = &[
    "id",
    "url",
    "title",
    "event",
    "organisation",
    "kind",
    "starts_at",
    "ends_at",
    "status",
    "previous_starts_at",
    "format",
    "municipality",
    "mrc",
    "venue",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "topics",
    "audiences",
    "registration_required",
    "price_cad",
    "seats",
    "language",
    "updated_at",
];

/// Where an activity stands, as the files say it (schema.org's event statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityStatus {
    Scheduled,
    /// Moved to another start after publication (`previous_starts_at` says from when).
    Rescheduled,
    Cancelled,
}

impl ActivityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Scheduled => "scheduled",
            ActivityStatus::Rescheduled => "rescheduled",
            ActivityStatus::Cancelled => "cancelled",
        }
    }
}

/// One public activity, as the files hold it. Times are UTC here and written in
/// Québec time with their offset; names of vocabularies are the French ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: i64,
    pub title: String,
    /// The programme it belongs to.
    pub event: String,
    pub organisation: String,
    pub kind: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub status: ActivityStatus,
    pub previous_starts_at: Option<NaiveDateTime>,
    /// `in_person`, `online` or `hybrid`.
    pub format: &'static str,
    pub municipality: Option<String>,
    pub mrc: Option<String>,
    /// The venue's name, or the place as a partner's calendar wrote it.
    pub venue: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub topics: Vec<String>,
    pub audiences: Vec<String>,
    pub registration_required: bool,
    /// The full price of one seat, in cents (0: free).
    pub price_cents: i32,
    /// Seats offered (`None`: no limit, or no registration).
    pub seats: Option<i32>,
    /// `fr`, `en` or `bilingue`.
    pub language: String,
    pub updated_at: NaiveDateTime,
}

/// `12.50` for 1250 cents.
fn dollars(cents: i32) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

/// The JSON number of a price in dollars (`12.5`, `0`).
fn dollars_number(cents: i32) -> Value {
    if cents % 100 == 0 {
        json!(cents / 100)
    } else {
        json!(f64::from(cents) / 100.0)
    }
}

/// A cell: text (defused and quoted as `domain::csv` does), or a number written as is
/// (a longitude's leading `-` is a sign, not a formula).
enum Cell {
    Text(String),
    Number(String),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_text(s: &Option<String>) -> Cell {
    Cell::Text(s.clone().unwrap_or_default())
}

fn number(n: Option<impl ToString>) -> Cell {
    Cell::Number(n.map(|n| n.to_string()).unwrap_or_default())
}

impl Activity {
    pub fn url(&self, base_url: &str) -> String {
        format!("{base_url}/sessions/{}", self.id)
    }

    fn cells(&self, base_url: &str) -> Vec<Cell> {
        vec![
            number(Some(self.id)),
            text(self.url(base_url)),
            text(&self.title),
            text(&self.event),
            text(&self.organisation),
            text(&self.kind),
            text(time::rfc3339(self.starts_at)),
            text(time::rfc3339(self.ends_at)),
            text(self.status.as_str()),
            text(
                self.previous_starts_at
                    .map(time::rfc3339)
                    .unwrap_or_default(),
            ),
            text(self.format),
            opt_text(&self.municipality),
            opt_text(&self.mrc),
            opt_text(&self.venue),
            opt_text(&self.address),
            opt_text(&self.postal_code),
            number(self.latitude),
            number(self.longitude),
            text(self.topics.join(LIST_SEPARATOR)),
            text(self.audiences.join(LIST_SEPARATOR)),
            text(if self.registration_required {
                "true"
            } else {
                "false"
            }),
            Cell::Number(dollars(self.price_cents)),
            number(self.seats),
            text(&self.language),
            text(time::rfc3339(self.updated_at)),
        ]
    }

    fn json(&self, base_url: &str) -> Value {
        json!({
            "id": self.id,
            "url": self.url(base_url),
            "title": self.title,
            "event": self.event,
            "organisation": self.organisation,
            "kind": self.kind,
            "starts_at": time::rfc3339(self.starts_at),
            "ends_at": time::rfc3339(self.ends_at),
            "status": self.status,
            "previous_starts_at": self.previous_starts_at.map(time::rfc3339),
            "format": self.format,
            "municipality": self.municipality,
            "mrc": self.mrc,
            "venue": self.venue,
            "address": self.address,
            "postal_code": self.postal_code,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "topics": self.topics,
            "audiences": self.audiences,
            "registration_required": self.registration_required,
            "price_cad": dollars_number(self.price_cents),
            "seats": self.seats,
            "language": self.language,
            "updated_at": time::rfc3339(self.updated_at),
        })
    }
}

fn csv_line(cells: &[Cell]) -> String {
    let sep = Separator::Comma;
    let mut out = cells
        .iter()
        .map(|c| match c {
            Cell::Text(s) => csv::cell(s, sep),
            Cell::Number(s) => s.clone(),
        })
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// The CSV file: UTF-8 with a byte-order mark, `,` between cells (a file for programs
/// first, which expect a comma; a spreadsheet asks on import), a header of
/// [`COLUMNS`], RFC 4180 quoting, CRLF lines.
pub fn csv(activities: &[Activity], base_url: &str) -> String {
    let mut out = String::with_capacity(64 + activities.len() * 600);
    out.push_str(csv::BOM);
    out.push_str(&csv::line(COLUMNS, Separator::Comma));
    for a in activities {
        out.push_str(&csv_line(&a.cells(base_url)));
    }
    out
}

/// The JSON file: the same rows as the CSV, with lists as arrays, numbers as numbers
/// and `null` where the CSV has an empty cell, under what a reuser must know.
pub fn json(activities: &[Activity], meta: &Meta) -> String {
    let rows: Vec<Value> = activities.iter().map(|a| a.json(meta.base_url)).collect();
    let v = json!({
        "licence": meta.licence.uri,
        "publisher": meta.publisher,
        "modified": meta.modified.map(time::rfc3339),
        "count": rows.len(),
        "activities": rows,
    });
    serde_json::to_string(&v).unwrap_or_default()
}

/// The licence of the files: a URI for machines (`dct:license`) and a name for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Licence {
    pub uri: String,
    pub name: String,
}

/// Licences known by their SPDX identifier: (identifier, URI, name).
const KNOWN_LICENCES: &[(&str, &str, &str)] = &[
    (
        "CC-BY-4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    ),
    (
        "CC0-1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "Creative Commons CC0 1.0 Universal (CC0 1.0)",
    ),
    (
        "CC-BY-SA-4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
    ),
    (
        "ODbL-1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
        "Open Data Commons Open Database License (ODbL 1.0)",
    ),
];

impl Licence {
    /// The `open_data_licence` setting: an SPDX identifier of [`KNOWN_LICENCES`]
    /// (`CC-BY-4.0`), or the `https://` address of any licence. `None` otherwise.
    pub fn parse(setting: &str) -> Option<Licence> {
        let s = setting.trim();
        let bare = |u: &str| {
            u.trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_ascii_lowercase()
        };
        if let Some((_, uri, name)) = KNOWN_LICENCES
            .iter()
            .find(|(id, uri, _)| id.eq_ignore_ascii_case(s) || bare(uri) == bare(s))
        {
            return Some(Licence {
                uri: (*uri).to_owned(),
                name: (*name).to_owned(),
            });
        }
        let is_url = (s.starts_with("https://") || s.starts_with("http://"))
            && s.len() > "https://".len()
            && !s.chars().any(|c| c.is_whitespace() || c == '"' || c == '<');
        is_url.then(|| Licence {
            uri: s.to_owned(),
            name: s.to_owned(),
        })
    }
}

/// Texts of the data set in one language (from the Fluent files).
#[derive(Debug, Clone)]
pub struct Texts {
    pub lang: Lang,
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub csv_title: String,
    pub json_title: String,
}

/// What the files and the description say about themselves.
#[derive(Debug, Clone)]
pub struct Meta<'a> {
    /// The site's address, without a trailing slash.
    pub base_url: &'a str,
    /// Who publishes the data (the region).
    pub publisher: String,
    /// An organisational address for questions about the data, if the region gave one.
    pub contact_email: Option<String>,
    pub licence: Licence,
    /// The first activity's creation, and the latest change of one.
    pub issued: Option<NaiveDateTime>,
    pub modified: Option<NaiveDateTime>,
    /// French first.
    pub texts: Vec<Texts>,
}

/// A text in each language, as JSON-LD language-tagged values.
fn tagged(meta: &Meta, f: impl Fn(&Texts) -> &str) -> Value {
    Value::Array(
        meta.texts
            .iter()
            .map(|t| json!({"@value": f(t), "@language": t.lang.code()}))
            .collect(),
    )
}

/// The EU vocabulary's language authority (DCAT-AP asks for it in `dct:language`).
fn language_uri(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "http://publications.europa.eu/resource/authority/language/FRA",
        Lang::En => "http://publications.europa.eu/resource/authority/language/ENG",
    }
}

fn date_time(t: NaiveDateTime) -> Value {
    json!({"@value": time::rfc3339(t), "@type": "xsd:dateTime"})
}

/// The description of the catalogue, its one data set and the set's two files, in
/// DCAT-AP 3 as JSON-LD (compacted with the usual prefixes).
pub fn dcat(meta: &Meta) -> Value {
    let base = meta.base_url;
    let page = format!("{base}/open-data");
    let licence = json!({"@id": meta.licence.uri, "@type": "dct:LicenseDocument"});
    let publisher = json!({
        "@type": "foaf:Agent",
        "foaf:name": meta.publisher,
    });
    let languages: Vec<Value> = meta
        .texts
        .iter()
        .map(|t| json!({"@id": language_uri(t.lang)}))
        .collect();
    let distribution = |file: &str, media: &str, format: &str, title: &dyn Fn(&Texts) -> &str| {
        let url = format!("{page}/{file}");
        json!({
            "@id": url,
            "@type": "dcat:Distribution",
            "dct:title": tagged(meta, title),
            "dcat:accessURL": {"@id": url},
            "dcat:downloadURL": {"@id": url},
            "dcat:mediaType": {"@id": format!("https://www.iana.org/assignments/media-types/{media}")},
            "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{format}")},
            "dct:license": licence,
        })
    };
    let mut dataset = json!({
        "@id": format!("{page}#activities"),
        "@type": "dcat:Dataset",
        "dct:identifier": format!("{page}#activities"),
        "dct:title": tagged(meta, |t| &t.title),
        "dct:description": tagged(meta, |t| &t.description),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:language": languages,
        "dcat:keyword": meta.texts.iter().flat_map(|t| {
            t.keywords.iter().map(|k| json!({"@value": k, "@language": t.lang.code()}))
        }).collect::<Vec<_>>(),
        "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/CONT"},
        "dcat:landingPage": {"@id": page},
        "dcat:distribution": [
            distribution("activities.csv", "text/csv", "CSV", &|t| &t.csv_title),
            distribution("activities.json", "application/json", "JSON", &|t| &t.json_title),
        ],
    });
    if let Some(t) = meta.issued {
        dataset["dct:issued"] = date_time(t);
    }
    if let Some(t) = meta.modified {
        dataset["dct:modified"] = date_time(t);
    }
    if let Some(email) = &meta.contact_email {
        dataset["dcat:contactPoint"] = json!({
            "@type": "vcard:Organization",
            "vcard:fn": meta.publisher,
            "vcard:hasEmail": {"@id": format!("mailto:{email}")},
        });
    }
    let mut catalog = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": format!("{base}/open-data/dcat.json"),
        "@type": "dcat:Catalog",
        "dct:title": tagged(meta, |t| &t.title),
        "dct:description": tagged(meta, |t| &t.description),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:language": languages,
        "foaf:homepage": {"@id": format!("{base}/")},
        "dcat:dataset": [dataset],
    });
    if let Some(t) = meta.modified {
        catalog["dct:modified"] = date_time(t);
    }
    catalog
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn activity() -> Activity {
        Activity {
            id: 7,
            title: "=Cybersécurité, les arnaques".into(),
            event: "Journées numériques".into(),
            organisation: "Bibliothèque de Lachute".into(),
            kind: "Atelier pratique".into(),
            starts_at: utc("2026-03-14 17:30"),
            ends_at: utc("2026-03-14 19:00"),
            status: ActivityStatus::Rescheduled,
            previous_starts_at: Some(utc("2026-03-07 18:30")),
            format: "in_person",
            municipality: Some("Lachute".into()),
            mrc: Some("Argenteuil".into()),
            venue: Some("Bibliothèque".into()),
            address: Some("378, rue Principale".into()),
            postal_code: Some("J8H 1Y2".into()),
            latitude: Some(45.652),
            longitude: Some(-74.339),
            topics: vec!["Cybersécurité".into(), "Internet".into()],
            audiences: vec!["Aînés".into()],
            registration_required: true,
            price_cents: 1250,
            seats: Some(12),
            language: "fr".into(),
            updated_at: utc("2026-02-01 12:00"),
        }
    }

    #[test]
    fn the_first_day_is_two_years_back() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        assert_eq!(first_day(d), NaiveDate::from_ymd_opt(2024, 3, 14).unwrap());
        let leap = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(
            first_day(leap),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
    }

    #[test]
    fn a_csv_row_has_every_column_with_times_in_quebec_and_numbers_as_numbers() {
        let text = csv(&[activity()], "https://b.example");
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "7,https://b.example/sessions/7,\"'=Cybersécurité, les arnaques\",\
             Journées numériques,Bibliothèque de Lachute,Atelier pratique,\
             2026-03-14T13:30:00-04:00,2026-03-14T15:00:00-04:00,rescheduled,\
             2026-03-07T13:30:00-05:00,in_person,Lachute,Argenteuil,Bibliothèque,\
             \"378, rue Principale\",J8H 1Y2,45.652,-74.339,Cybersécurité | Internet,Aînés,\
             true,12.50,12,fr,2026-02-01T07:00:00-05:00"
        );
        assert_eq!(lines[2], "", "the last line ends with CRLF");
    }

    #[test]
    fn the_json_holds_the_same_row_with_lists_and_nulls() {
        let mut online = activity();
        online.venue = None;
        online.latitude = None;
        online.price_cents = 0;
        online.seats = None;
        let meta = meta();
        let v: Value = serde_json::from_str(&json(&[activity(), online], &meta)).unwrap();
        assert_eq!(v["count"], 2);
        assert_eq!(v["licence"], "https://creativecommons.org/licenses/by/4.0/");
        let a = &v["activities"][0];
        let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = COLUMNS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected, "the same keys as the CSV's columns");
        assert_eq!(a["topics"], json!(["Cybersécurité", "Internet"]));
        assert_eq!(a["price_cad"], json!(12.5));
        assert_eq!(a["starts_at"], "2026-03-14T13:30:00-04:00");
        let b = &v["activities"][1];
        assert_eq!(b["venue"], Value::Null);
        assert_eq!(b["seats"], Value::Null);
        assert_eq!(b["price_cad"], json!(0));
    }

    fn meta() -> Meta<'static> {
        let texts = |lang| Texts {
            lang,
            title: format!("Activités {}", lang.code()),
            description: "Description".into(),
            keywords: vec!["ateliers".into()],
            csv_title: "CSV".into(),
            json_title: "JSON".into(),
        };
        Meta {
            base_url: "https://b.example",
            publisher: "Laurentides".into(),
            contact_email: Some("donnees@region.example".into()),
            licence: Licence::parse("CC-BY-4.0").unwrap(),
            issued: Some(utc("2025-01-01 12:00")),
            modified: Some(utc("2026-02-01 12:00")),
            texts: vec![texts(Lang::Fr), texts(Lang::En)],
        }
    }

    #[test]
    fn the_dcat_description_names_the_dataset_and_its_two_files() {
        let d = dcat(&meta());
        assert_eq!(d["@type"], "dcat:Catalog");
        let ds = &d["dcat:dataset"][0];
        assert_eq!(ds["@type"], "dcat:Dataset");
        assert_eq!(ds["dct:title"][0]["@language"], "fr");
        assert_eq!(ds["dct:modified"]["@value"], "2026-02-01T07:00:00-05:00");
        assert_eq!(
            ds["dcat:contactPoint"]["vcard:hasEmail"]["@id"],
            "mailto:donnees@region.example"
        );
        let files = ds["dcat:distribution"].as_array().unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(
            files[0]["dcat:downloadURL"]["@id"],
            "https://b.example/open-data/activities.csv"
        );
        assert_eq!(
            files[1]["dct:license"]["@id"],
            "https://creativecommons.org/licenses/by/4.0/"
        );
        let mut without = meta();
        without.contact_email = None;
        assert!(dcat(&without)["dcat:dataset"][0]["dcat:contactPoint"].is_null());
    }

    #[test]
    fn licences_are_known_by_identifier_or_given_by_address() {
        let by = Licence::parse("cc-by-4.0").unwrap();
        assert_eq!(by.uri, "https://creativecommons.org/licenses/by/4.0/");
        assert_eq!(
            Licence::parse("http://creativecommons.org/publicdomain/zero/1.0").unwrap(),
            Licence::parse("CC0-1.0").unwrap()
        );
        let own = Licence::parse("https://www.donneesquebec.ca/licence/").unwrap();
        assert_eq!(own.uri, own.name);
        assert_eq!(Licence::parse("libre"), None);
        assert_eq!(Licence::parse("https://"), None);
        assert_eq!(Licence::parse("https://x.example/\"><script>"), None);
    }
}
