//! The shared calendar's rules, without I/O: what a moderator sees waiting (a
//! submission's payload, its states), when a partner's change is *material* (it goes
//! back to the queue) or not (it applies at once), when two activities are the same one
//! (duplicates), how a feed's keyword rules and `LOCATION` text are read, and when a
//! feed is fetched again.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::text::slugify;

text_enum!(
    /// Where a submission comes from.
    SubmissionOrigin {
        /// A partner's calendar that is not trusted.
        Import => "import",
        /// The public « Proposer une activité » form.
        Proposal => "proposal",
    }
);

text_enum!(
    /// Where a submission stands.
    SubmissionState {
        Pending => "pending",
        Approved => "approved",
        Rejected => "rejected",
        /// Overtaken: the activity left its feed, or a newer version replaced it.
        Superseded => "superseded",
    }
);

/// What a submission proposes, as stored (JSON text in `submissions.payload`). Times are
/// UTC. For a change to a live session it is the whole new version; the queue compares
/// it with the session as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    #[serde(default)]
    pub all_day: bool,
    #[serde(default)]
    pub description: String,
    /// The place as the partner wrote it (kept when no venue matched).
    #[serde(default)]
    pub location_text: Option<String>,
    #[serde(default)]
    pub venue_id: Option<i64>,
    #[serde(default)]
    pub municipality_id: Option<i64>,
    pub kind_id: i64,
    #[serde(default)]
    pub audience_ids: Vec<i64>,
    #[serde(default)]
    pub topic_ids: Vec<i64>,
    #[serde(default)]
    pub origin_url: Option<String>,
    /// The event the session will belong to, when it is not the source's (a public
    /// proposal names one).
    #[serde(default)]
    pub event_id: Option<i64>,
    /// A public proposal: the group that proposed it, as they named themselves (shown
    /// at the end of the published description). Absent from an import's JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_by: Option<String>,
}

/// How a published proposal names its group. The activity's own text is in French
/// (the programme's language), so is this line.
pub const PROPOSED_BY: &str = "Proposé par\u{a0}:";

impl Payload {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a payload always serialises")
    }

    /// The description the session shows once published: a public proposal's ends with
    /// the group that proposed it and its link, so a reader knows whom to ask.
    pub fn published_description(&self) -> String {
        let Some(group) = &self.proposed_by else {
            return self.description.clone();
        };
        let mut d = self.description.trim_end().to_owned();
        if !d.is_empty() {
            d.push_str("\n\n");
        }
        d.push_str(PROPOSED_BY);
        d.push(' ');
        d.push_str(group);
        if let Some(url) = &self.origin_url {
            d.push('\n');
            d.push_str(url);
        }
        d
    }

    pub fn from_json(s: &str) -> Option<Payload> {
        serde_json::from_str(s).ok()
    }
}

/// What a version of an activity shows, for comparing two versions of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version<'a> {
    pub title: &'a str,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub venue_id: Option<i64>,
    pub location_text: Option<&'a str>,
    pub description: &'a str,
    pub origin_url: Option<&'a str>,
}

impl<'a> Version<'a> {
    pub fn of(p: &'a Payload) -> Version<'a> {
        Version {
            title: &p.title,
            starts_at: p.starts_at,
            ends_at: p.ends_at,
            venue_id: p.venue_id,
            location_text: p.location_text.as_deref(),
            description: &p.description,
            origin_url: p.origin_url.as_deref(),
        }
    }
}

/// How a new version differs from the live one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// What a moderator must see again: `time`, `place`, `title`.
    pub material: Vec<&'static str>,
    /// What applies at once: `description`, `url`.
    pub minor: Vec<&'static str>,
}

impl Changes {
    pub fn none(&self) -> bool {
        self.material.is_empty() && self.minor.is_empty()
    }
}

/// Time, place and title are material (people plan around them, and a wrong one misleads);
/// the description and the link are not.
pub fn changes(live: &Version<'_>, new: &Version<'_>) -> Changes {
    let mut c = Changes::default();
    if live.starts_at != new.starts_at || live.ends_at != new.ends_at {
        c.material.push("time");
    }
    if live.venue_id != new.venue_id || live.location_text != new.location_text {
        c.material.push("place");
    }
    if live.title != new.title {
        c.material.push("title");
    }
    if live.description != new.description {
        c.minor.push("description");
    }
    if live.origin_url != new.origin_url {
        c.minor.push("url");
    }
    c
}

/// A text for comparing: lower case, accents and punctuation removed, words separated
/// by one space. « Café-rencontre : l'iPad ! » → `cafe rencontre l ipad`.
pub fn normalise(s: &str) -> String {
    slugify(s).replace('-', " ")
}

/// Two activities starting this close (and in the same municipality, with similar
/// titles) are the same one.
pub const DUPLICATE_WINDOW: Duration = Duration::minutes(15);

/// The Sørensen–Dice coefficient (character bigrams, `strsim`) from which two
/// normalised titles are similar. Chosen on real-looking pairs (see the tests): it
/// keeps « Atelier tablette » and « Tablette : atelier » or « Aide à l'informatique »
/// together, and tells « Heure du conte » from « Heure du code » (0.76) and « Atelier
/// tablette iPad » from « Atelier tablette Android » (0.72) apart. Jaro-Winkler was
/// tried and dropped: it rewards the shared « Atelier … » prefix (0.96 for the
/// conte/code pair).
pub const SIMILAR_TITLE: f64 = 0.8;

/// Whether two titles name the same activity: after [`normalise`], their numbers agree
/// (« Niveau 1 » is not « Niveau 2 ») and either every word of the shorter one (two words
/// at least) is in the longer one (« Café numérique » and « Café numérique pour aînés »),
/// or their Sørensen–Dice similarity reaches [`SIMILAR_TITLE`].
pub fn similar_titles(a: &str, b: &str) -> bool {
    let (a, b) = (normalise(a), normalise(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let numbers = |s: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .split(' ')
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .map(str::to_owned)
            .collect();
        v.sort();
        v
    };
    if numbers(&a) != numbers(&b) {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let long_words: Vec<&str> = long.split(' ').collect();
    let short_words: Vec<&str> = short.split(' ').collect();
    if short_words.len() >= 2 && short_words.iter().all(|w| long_words.contains(w)) {
        return true;
    }
    strsim::sorensen_dice(&a, &b) >= SIMILAR_TITLE
}

/// Whether `keyword` appears in `text` as whole words, whatever the case, accents and
/// punctuation: « tablette » is in « Atelier : Tablettes et iPad » only as « tablettes »,
/// so not; « aînés » is in « Pour les AINES ».
pub fn has_keyword(text: &str, keyword: &str) -> bool {
    let k = normalise(keyword);
    if k.is_empty() {
        return false;
    }
    let t = format!(" {} ", normalise(text));
    t.contains(&format!(" {k} "))
}

/// A venue as `LOCATION` texts are matched against it.
#[derive(Debug, Clone)]
pub struct KnownPlace<'a> {
    pub id: i64,
    pub name: &'a str,
    pub address: &'a str,
}

/// The venue a `LOCATION` text names, if any: its whole normalised text is a venue's
/// name or address, or it contains a venue's name (two words at least) or its address
/// (with its civic number) as whole words. The longest match wins; a tie is no match,
/// since guessing a wrong place is worse than showing the text as given.
pub fn match_place(location: &str, places: &[KnownPlace<'_>]) -> Option<i64> {
    let loc = normalise(location);
    if loc.is_empty() {
        return None;
    }
    let padded = format!(" {loc} ");
    let mut best: Option<(usize, i64)> = None;
    let mut tie = false;
    for p in places {
        for (text, is_address) in [(p.name, false), (p.address, true)] {
            let t = normalise(text);
            let words = t.split(' ').filter(|w| !w.is_empty()).count();
            let long_enough = if is_address {
                t.chars().any(|c| c.is_ascii_digit()) && words >= 2
            } else {
                words >= 2
            };
            let hit =
                !t.is_empty() && (t == loc || (long_enough && padded.contains(&format!(" {t} "))));
            if hit {
                match best {
                    Some((len, id)) if len == t.len() && id != p.id => tie = true,
                    Some((len, _)) if len >= t.len() => {}
                    _ => {
                        best = Some((t.len(), p.id));
                        tie = false;
                    }
                }
            }
        }
    }
    if tie { None } else { best.map(|(_, id)| id) }
}

/// The longest wait between two fetches of a failing feed.
pub const MAX_BACKOFF: Duration = Duration::days(7);

/// When a feed is fetched next: its refresh period after a success, doubled for each
/// failure in a row (`refresh × 2^failures`), never more than [`MAX_BACKOFF`].
pub fn next_fetch(now: NaiveDateTime, refresh_minutes: i32, failures: i32) -> NaiveDateTime {
    let base = i64::from(refresh_minutes.max(1));
    let factor = 1_i64 << failures.clamp(0, 20);
    let wait = Duration::minutes(base.saturating_mul(factor)).min(MAX_BACKOFF);
    now + wait
}

/// Whether a feed address is one Babillard fetches: `https://` or `webcal://`, or plain
/// `http://` only on this machine (tests and a local bridge).
pub fn feed_url_ok(url: &str) -> bool {
    let u = url.trim();
    if u.len() > 2000 || u.chars().any(char::is_whitespace) {
        return false;
    }
    let rest = |p: &str| {
        u.strip_prefix(p)
            .filter(|r| !r.is_empty() && !r.starts_with('/'))
    };
    if rest("https://").is_some() || rest("webcal://").is_some() {
        return true;
    }
    match rest("http://") {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            let host = host.rsplit_once(':').map_or(host, |(h, port)| {
                if port.chars().all(|c| c.is_ascii_digit()) {
                    h
                } else {
                    host
                }
            });
            host == "localhost" || host == "127.0.0.1"
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_titles_keep_real_variants_together_and_near_misses_apart() {
        for (a, b) in [
            ("Atelier tablette", "Atelier tablette (débutants)"),
            ("Atelier tablette", "Tablette : atelier"),
            ("Initiation à l'ordinateur", "Initiation à lordinateur"),
            ("Café numérique", "Café numérique pour aînés"),
            ("Aide informatique", "Aide à l'informatique"),
            ("SÉCURITÉ EN LIGNE", "sécurité en ligne"),
        ] {
            assert!(
                similar_titles(a, b),
                "{a} / {b} should be the same activity"
            );
        }
        for (a, b) in [
            ("Heure du conte", "Heure du code"),
            ("Atelier tablette iPad", "Atelier tablette Android"),
            ("Atelier tablette", "Atelier téléphone"),
            ("Club de lecture", "Club de robotique"),
            ("Courriel 101", "Courriel 102"),
            ("Atelier", "Atelier tablette"),
            ("", "Atelier"),
        ] {
            assert!(!similar_titles(a, b), "{a} / {b} should stay apart");
        }
    }

    #[test]
    fn keywords_match_whole_words_whatever_case_and_accents() {
        assert!(has_keyword("Pour les AINÉS du quartier", "aînés"));
        assert!(has_keyword("Atelier : iPad et tablette.", "tablette"));
        assert!(!has_keyword("Atelier : tablettes", "tablette"));
        assert!(has_keyword("Sécurité en ligne", "securite en ligne"));
        assert!(!has_keyword("Sécurité", ""));
    }

    #[test]
    fn locations_match_a_venue_by_name_or_address_or_not_at_all() {
        let places = [
            KnownPlace {
                id: 1,
                name: "Bibliothèque Jean-Marc-Belzile",
                address: "378, rue Principale",
            },
            KnownPlace {
                id: 2,
                name: "Salle",
                address: "12, avenue de la Gare",
            },
        ];
        assert_eq!(
            match_place("Bibliotheque Jean Marc Belzile, Lachute", &places),
            Some(1)
        );
        assert_eq!(
            match_place("378 rue Principale, Lachute QC", &places),
            Some(1)
        );
        assert_eq!(match_place("salle", &places), Some(2));
        // A one-word name inside a longer text is too weak a clue.
        assert_eq!(
            match_place("Salle communautaire de Brownsburg", &places),
            None
        );
        assert_eq!(match_place("3780 rue Principale", &places), None);
        assert_eq!(match_place("", &places), None);
    }

    #[test]
    fn material_changes_are_time_place_and_title() {
        let t = |h| {
            chrono::NaiveDate::from_ymd_opt(2027, 3, 1)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        let live = Version {
            title: "Atelier",
            starts_at: t(14),
            ends_at: t(15),
            venue_id: Some(1),
            location_text: None,
            description: "a",
            origin_url: None,
        };
        assert!(changes(&live, &live).none());
        let moved = Version {
            starts_at: t(15),
            ends_at: t(16),
            description: "b",
            ..live.clone()
        };
        let c = changes(&live, &moved);
        assert_eq!(c.material, vec!["time"]);
        assert_eq!(c.minor, vec!["description"]);
        let elsewhere = Version {
            venue_id: None,
            location_text: Some("Parc"),
            title: "Atelier!",
            ..live.clone()
        };
        assert_eq!(changes(&live, &elsewhere).material, vec!["place", "title"]);
    }

    #[test]
    fn failing_feeds_back_off_up_to_a_week() {
        let now = chrono::DateTime::from_timestamp(0, 0).unwrap().naive_utc();
        assert_eq!(next_fetch(now, 360, 0), now + Duration::hours(6));
        assert_eq!(next_fetch(now, 360, 2), now + Duration::hours(24));
        assert_eq!(next_fetch(now, 360, 10), now + MAX_BACKOFF);
        assert_eq!(next_fetch(now, 360, 1000), now + MAX_BACKOFF);
    }

    #[test]
    fn feed_addresses_are_https_webcal_or_local_http() {
        assert!(feed_url_ok(
            "https://calendar.google.com/calendar/ical/x/basic.ics"
        ));
        assert!(feed_url_ok("webcal://example.org/events.ics"));
        assert!(feed_url_ok("http://127.0.0.1:8080/feed.ics"));
        assert!(feed_url_ok("http://localhost/feed.ics"));
        assert!(!feed_url_ok("http://example.org/feed.ics"));
        assert!(!feed_url_ok("http://localhost.example.org/feed.ics"));
        assert!(!feed_url_ok("file:///etc/passwd"));
        assert!(!feed_url_ok("https://"));
        assert!(!feed_url_ok("https://exa mple.org"));
    }

    #[test]
    fn payloads_round_trip_through_json() {
        let p = Payload {
            title: "Atelier".into(),
            starts_at: chrono::DateTime::from_timestamp(1_800_000_000, 0)
                .unwrap()
                .naive_utc(),
            ends_at: chrono::DateTime::from_timestamp(1_800_003_600, 0)
                .unwrap()
                .naive_utc(),
            all_day: false,
            description: String::new(),
            location_text: Some("Parc".into()),
            venue_id: None,
            municipality_id: Some(3),
            kind_id: 1,
            audience_ids: vec![2],
            topic_ids: vec![],
            origin_url: None,
            event_id: None,
            proposed_by: None,
        };
        assert_eq!(Payload::from_json(&p.to_json()), Some(p.clone()));
        // An import's JSON does not name a proposer (stored payloads stay as they were).
        assert!(!p.to_json().contains("proposed_by"));
        assert_eq!(p.published_description(), "");
        let proposed = Payload {
            description: "Venez jaser.".into(),
            origin_url: Some("https://club.example/".into()),
            proposed_by: Some("Club des aînés".into()),
            ..p
        };
        assert_eq!(
            Payload::from_json(&proposed.to_json()),
            Some(proposed.clone())
        );
        assert_eq!(
            proposed.published_description(),
            "Venez jaser.\n\nProposé par\u{a0}: Club des aînés\nhttps://club.example/"
        );
    }
}
