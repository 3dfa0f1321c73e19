//! Workshop requests to a regional team (issue 17, part 2: the MRC's « brigade
//! volante »): a community group, a small business or a residence for seniors asks the
//! region for a workshop or a pre-diagnosis, without an account. What a request must
//! hold ([`RawRequest`] → [`NewRequest`]), how it moves ([`RequestState`]), the dates a
//! coordinator proposes, the rate, and the invoice's arithmetic: pure rules, without
//! I/O (`store::requests` applies them).

use chrono::{Datelike, Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::lang::Lang;
use crate::domain::messages::{FieldError, Msg};
use crate::domain::payment::parse_price;
use crate::domain::programme::local_to_utc;
use crate::domain::proposal::{id, text};
use crate::domain::registration::{Email, Phone, parse_name};

text_enum!(
    /// Where a request stands.
    RequestState {
        /// Sent on the form; waits for its emailed link to be opened (48 hours).
        Unconfirmed => "unconfirmed",
        /// Confirmed by its author: in the coordinators' queue.
        Received => "received",
        /// The coordinator proposed dates; the requester picks one from their link.
        DatesProposed => "dates_proposed",
        /// The requester picked a date: the coordinator schedules it.
        DateChosen => "date_chosen",
        /// Accepted: a session is scheduled with a trainer.
        Scheduled => "scheduled",
        /// Refused, with a reason.
        Refused => "refused",
        /// Withdrawn by the requester.
        Withdrawn => "withdrawn",
    }
);

impl RequestState {
    /// Whether a coordinator still has something to decide.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestState::Received | RequestState::DatesProposed | RequestState::DateChosen
        )
    }

    /// Whether the coordinator must act now (the queue's count): received, or a date
    /// was picked. Dates proposed wait for the requester.
    pub fn awaits_coordinator(self) -> bool {
        matches!(self, RequestState::Received | RequestState::DateChosen)
    }
}

text_enum!(
    /// What is asked for.
    Service {
        /// A workshop for the group's people.
        Workshop => "workshop",
        /// A pre-diagnosis of the organisation's digital needs.
        Prediagnosis => "prediagnosis",
    }
);

text_enum!(
    /// Who asks (the form's choice; it changes nothing but the queue's reading).
    GroupKind {
        Community => "community",
        Business => "business",
        Residence => "residence",
        Other => "other",
    }
);

text_enum!(
    /// What the rate is counted in.
    RateUnit { Hour => "hour", Session => "session" }
);

/// How long the link's first use (the confirmation) works; an unconfirmed request is
/// deleted after it.
pub const CONFIRM_WITHIN: Duration = Duration::hours(48);
/// At most this many requests of one address wait for confirmation at a time.
pub const MAX_WAITING_PER_ADDRESS: usize = 3;
/// Longest free texts.
pub const MAX_DETAILS: usize = 2000;
pub const MAX_PERIODS: usize = 500;
pub const MAX_PLACE: usize = 300;
pub const MAX_REASON: usize = 500;
/// Most people a request may announce.
pub const MAX_PEOPLE: i32 = 500;
/// Most dates a coordinator proposes at once.
pub const MAX_SLOTS: usize = 5;
/// How far ahead a date may be proposed.
pub const HORIZON: Duration = Duration::days(365);
/// An invoice is due this many days after it is issued.
pub const DUE_DAYS: i64 = 30;

/// The form's fields as sent (all text).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RawRequest {
    #[serde(default)]
    pub service: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub details: String,
    #[serde(default)]
    pub municipality: String,
    /// "ours" (« chez nous ») or "elsewhere".
    #[serde(default)]
    pub at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub periods: String,
    #[serde(default)]
    pub people: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub group_kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub consent: bool,
}

/// The form's fields in reading order (the error summary's order).
pub const FIELDS: [&str; 15] = [
    "service",
    "topic",
    "audience",
    "details",
    "municipality",
    "at",
    "place",
    "periods",
    "people",
    "group",
    "group_kind",
    "name",
    "email",
    "phone",
    "consent",
];

/// A request past every check that needs no database (whether the municipality and
/// the terms exist is the store's check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub service: Service,
    pub topic_id: Option<i64>,
    pub audience_id: Option<i64>,
    pub details: String,
    pub municipality_id: i64,
    /// « Chez nous »: at the requester's own place (`place` is then their address).
    pub at_requester: bool,
    pub place: String,
    pub periods: String,
    pub people: i32,
    pub group: String,
    pub group_kind: GroupKind,
    pub name: String,
    pub email: Email,
    pub phone: Option<Phone>,
    /// The language the requester used: their emails are written in it.
    pub lang: Lang,
}

fn err(f: &mut Vec<FieldError>, field: &str, key: &str) {
    f.push(FieldError::new(field, Msg::new(key)));
}

/// An optional id: empty is none, anything else must be an id.
fn optional_id(s: &str) -> Result<Option<i64>, ()> {
    match s.trim() {
        "" => Ok(None),
        t => id(t).map(Some).ok_or(()),
    }
}

impl NewRequest {
    /// Checks every field at once, so the form shows every mistake together.
    pub fn parse(raw: &RawRequest, lang: Lang) -> Result<NewRequest, Vec<FieldError>> {
        let mut f = Vec::new();
        let service = Service::parse(raw.service.trim());
        if service.is_none() {
            err(&mut f, "service", "req-error-service");
        }
        let topic_id = optional_id(&raw.topic).unwrap_or_else(|_| {
            err(&mut f, "topic", "req-error-choice");
            None
        });
        let audience_id = optional_id(&raw.audience).unwrap_or_else(|_| {
            err(&mut f, "audience", "req-error-choice");
            None
        });
        let details = match raw.details.trim() {
            "" => String::new(),
            _ => text(&raw.details, 0, MAX_DETAILS, true).unwrap_or_else(|_| {
                err(&mut f, "details", "req-error-details");
                String::new()
            }),
        };
        let municipality_id = id(&raw.municipality);
        if municipality_id.is_none() {
            err(&mut f, "municipality", "req-error-municipality");
        }
        let at_requester = match raw.at.trim() {
            "ours" => Some(true),
            "elsewhere" => Some(false),
            _ => None,
        };
        if at_requester.is_none() {
            err(&mut f, "at", "req-error-at");
        }
        let place = match raw.place.trim() {
            "" => String::new(),
            _ => text(&raw.place, 0, MAX_PLACE, false).unwrap_or_else(|_| {
                err(&mut f, "place", "req-error-place");
                String::new()
            }),
        };
        if at_requester == Some(true) && place.is_empty() {
            err(&mut f, "place", "req-error-place-ours");
        }
        let periods = text(&raw.periods, 3, MAX_PERIODS, true).unwrap_or_else(|_| {
            err(&mut f, "periods", "req-error-periods");
            String::new()
        });
        let people = raw
            .people
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|n| (1..=MAX_PEOPLE).contains(n));
        if people.is_none() {
            err(&mut f, "people", "req-error-people");
        }
        let group = parse_name(&raw.group);
        if group.is_none() {
            err(&mut f, "group", "req-error-group");
        }
        let group_kind = GroupKind::parse(raw.group_kind.trim());
        if group_kind.is_none() {
            err(&mut f, "group_kind", "req-error-group-kind");
        }
        let name = parse_name(&raw.name);
        if name.is_none() {
            err(&mut f, "name", "req-error-name");
        }
        let email = Email::parse(&raw.email);
        if email.is_none() {
            let key = if raw.email.trim().is_empty() {
                "req-error-email-required"
            } else {
                "req-error-email"
            };
            err(&mut f, "email", key);
        }
        let phone = match raw.phone.trim() {
            "" => None,
            s => {
                let p = Phone::parse(s);
                if p.is_none() {
                    err(&mut f, "phone", "req-error-phone");
                }
                p
            }
        };
        if !raw.consent {
            err(&mut f, "consent", "req-error-consent");
        }
        match (
            service,
            municipality_id,
            at_requester,
            people,
            group,
            group_kind,
            name,
            email,
        ) {
            (
                Some(service),
                Some(municipality_id),
                Some(at_requester),
                Some(people),
                Some(group),
                Some(group_kind),
                Some(name),
                Some(email),
            ) if f.is_empty() => Ok(NewRequest {
                service,
                topic_id,
                audience_id,
                details,
                municipality_id,
                at_requester,
                place,
                periods,
                people,
                group,
                group_kind,
                name,
                email,
                phone,
                lang,
            }),
            _ => Err(f),
        }
    }
}

/// A date a coordinator proposes, as typed: a day and two clock times (Québec).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RawSlot {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
}

/// A time span in UTC: after `now`, within [`HORIZON`], ending after it starts, the same
/// day. `field` names the form field a message goes to.
pub fn parse_slot(
    raw: &RawSlot,
    field: &str,
    now: NaiveDateTime,
) -> Result<(NaiveDateTime, NaiveDateTime), FieldError> {
    let bad = |key: &str| FieldError::new(field, Msg::new(key));
    let (Some(s), Some(e)) = (
        local_to_utc(&raw.date, &raw.start),
        local_to_utc(&raw.date, &raw.end),
    ) else {
        return Err(bad("req-error-slot"));
    };
    if s <= now {
        return Err(bad("req-error-slot-past"));
    }
    if s > now + HORIZON {
        return Err(bad("req-error-slot-far"));
    }
    if e <= s {
        return Err(bad("req-error-slot-end"));
    }
    Ok((s, e))
}

/// The dates of a proposal: the filled rows among those typed (1 to [`MAX_SLOTS`]),
/// in time order, each checked by [`parse_slot`] (field `slot_{i}`).
pub fn parse_slots(
    raws: &[RawSlot],
    now: NaiveDateTime,
) -> Result<Vec<(NaiveDateTime, NaiveDateTime)>, Vec<FieldError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in raws.iter().enumerate().take(MAX_SLOTS) {
        if raw.date.trim().is_empty() && raw.start.trim().is_empty() && raw.end.trim().is_empty() {
            continue;
        }
        match parse_slot(raw, &format!("slot_{i}"), now) {
            Ok(span) => out.push(span),
            Err(e) => errors.push(e),
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("slot_0", Msg::new("req-error-slots")));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A rate as typed: an amount (`parse_price`'s forms) and its unit. An empty amount is
/// no rate (free work); zero is refused (leave it empty).
pub fn parse_rate(amount: &str, unit: &str) -> Result<Option<(i32, RateUnit)>, Vec<FieldError>> {
    if amount.trim().is_empty() {
        return Ok(None);
    }
    let mut errors = Vec::new();
    let cents = parse_price(amount).filter(|c| *c > 0);
    if cents.is_none() {
        errors.push(FieldError::new("rate", Msg::new("req-error-rate")));
    }
    let unit = RateUnit::parse(unit.trim());
    if unit.is_none() {
        errors.push(FieldError::new(
            "rate_unit",
            Msg::new("req-error-rate-unit"),
        ));
    }
    match (cents, unit) {
        (Some(c), Some(u)) => Ok(Some((c, u))),
        _ => Err(errors),
    }
}

/// A refusal's reason: required, at most [`MAX_REASON`] characters.
pub fn parse_reason(s: &str) -> Result<String, FieldError> {
    text(s, 3, MAX_REASON, true)
        .map_err(|_| FieldError::new("reason", Msg::new("req-error-reason")))
}

/// One line of an invoice: what, how many (in hundredths: 150 is 1.5 hours), at what
/// unit price, for how much (cents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub description: String,
    pub quantity_hundredths: i64,
    pub unit: String,
    pub unit_cents: i32,
    pub amount_cents: i32,
}

/// What an invoice adds up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub subtotal_cents: i32,
    pub gst_cents: i32,
    pub qst_cents: i32,
    pub total_cents: i32,
}

/// The line for a session billed at `rate`: per hour, its length in hundredths of an
/// hour (to the minute, rounded to the nearest hundredth); per session, one.
pub fn line_for(
    description: &str,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    rate_cents: i32,
    unit: RateUnit,
) -> Line {
    let quantity_hundredths = match unit {
        RateUnit::Hour => ((ends_at - starts_at).num_minutes().max(0) * 100 + 30) / 60,
        RateUnit::Session => 100,
    };
    let amount = (i64::from(rate_cents) * quantity_hundredths + 50) / 100;
    Line {
        description: description.to_owned(),
        quantity_hundredths,
        unit: unit.as_str().to_owned(),
        unit_cents: rate_cents,
        amount_cents: i32::try_from(amount).unwrap_or(i32::MAX),
    }
}

/// Adds the lines up; with a tax number, Québec's taxes are added on top (GST 5 %,
/// QST 9.975 %, each rounded to the cent), as an invoice for services shows them.
pub fn totals(lines: &[Line], taxed: bool) -> Totals {
    let subtotal: i64 = lines.iter().map(|l| i64::from(l.amount_cents)).sum();
    let (gst, qst) = if taxed {
        (
            (subtotal * 5 + 50) / 100,
            (subtotal * 9_975 + 50_000) / 100_000,
        )
    } else {
        (0, 0)
    };
    let clamp = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
    Totals {
        subtotal_cents: clamp(subtotal),
        gst_cents: clamp(gst),
        qst_cents: clamp(qst),
        total_cents: clamp(subtotal + gst + qst),
    }
}

/// An invoice's number: the year it is issued (Québec) and its rank in that year
/// for the issuing organisation, « 2026-0007 ».
pub fn invoice_number(issued_local_year: i32, rank: i64) -> String {
    format!("{issued_local_year}-{rank:04}")
}

/// The year an invoice issued at `utc` belongs to (Québec's calendar).
pub fn invoice_year(utc: NaiveDateTime) -> i32 {
    crate::domain::time::local(utc).year()
}

/// A quantity in hundredths as people read it: « 1,5 » / "1.5", « 2 » / "2".
pub fn quantity(hundredths: i64, lang: Lang) -> String {
    let whole = hundredths / 100;
    let frac = hundredths % 100;
    if frac == 0 {
        return whole.to_string();
    }
    let sep = match lang {
        Lang::Fr => ',',
        Lang::En => '.',
    };
    let frac = format!("{frac:02}");
    format!("{whole}{sep}{}", frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 2, 10)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    fn filled() -> RawRequest {
        RawRequest {
            service: "workshop".into(),
            topic: "3".into(),
            audience: "".into(),
            details: "Nos résidents veulent apprendre FaceTime.".into(),
            municipality: "4".into(),
            at: "ours".into(),
            place: "Résidence Les Pins, 12 rue Principale".into(),
            periods: "Les mardis après-midi de février".into(),
            people: "12".into(),
            group: "Résidence Les Pins".into(),
            group_kind: "residence".into(),
            name: "Lise Tremblay".into(),
            email: "lise@exemple.ca".into(),
            phone: "".into(),
            consent: true,
        }
    }

    #[test]
    fn a_filled_form_parses_and_an_empty_one_names_every_field_to_fix() {
        let r = NewRequest::parse(&filled(), Lang::Fr).unwrap();
        assert_eq!(r.service, Service::Workshop);
        assert_eq!(r.topic_id, Some(3));
        assert_eq!(r.audience_id, None);
        assert!(r.at_requester);
        assert_eq!(r.people, 12);
        let errors = NewRequest::parse(&RawRequest::default(), Lang::Fr).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "service",
            "municipality",
            "at",
            "periods",
            "people",
            "group",
            "group_kind",
            "name",
            "email",
            "consent",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn chez_nous_needs_an_address_and_numbers_stay_in_bounds() {
        let mut raw = filled();
        raw.place = " ".into();
        let e = NewRequest::parse(&raw, Lang::Fr).unwrap_err();
        assert_eq!(e[0].field, "place");
        raw = filled();
        raw.at = "elsewhere".into();
        raw.place = String::new();
        assert!(NewRequest::parse(&raw, Lang::Fr).is_ok());
        for people in ["0", "-3", "501", "douze"] {
            raw.people = people.into();
            let e = NewRequest::parse(&raw, Lang::Fr).unwrap_err();
            assert_eq!(e[0].field, "people", "{people}");
        }
    }

    #[test]
    fn proposed_dates_are_future_ordered_and_end_after_they_start() {
        let now = at(12, 0);
        let rows = vec![
            RawSlot {
                date: "2027-03-02".into(),
                start: "13:30".into(),
                end: "15:30".into(),
            },
            RawSlot::default(),
            RawSlot {
                date: "2027-02-23".into(),
                start: "9 h".into(),
                end: "11 h".into(),
            },
        ];
        let slots = parse_slots(&rows, now).unwrap();
        assert_eq!(slots.len(), 2);
        assert!(slots[0].0 < slots[1].0);
        let bad = vec![RawSlot {
            date: "2027-03-02".into(),
            start: "15:30".into(),
            end: "13:30".into(),
        }];
        assert_eq!(parse_slots(&bad, now).unwrap_err()[0].field, "slot_0");
        assert_eq!(
            parse_slots(&[RawSlot::default()], now).unwrap_err()[0].field,
            "slot_0"
        );
    }

    #[test]
    fn an_hourly_rate_bills_the_length_and_taxes_are_added_with_a_tax_number() {
        let line = line_for("Atelier", at(13, 30), at(15, 0), 8_500, RateUnit::Hour);
        assert_eq!(line.quantity_hundredths, 150);
        assert_eq!(line.amount_cents, 12_750);
        assert_eq!(quantity(150, Lang::Fr), "1,5");
        assert_eq!(quantity(200, Lang::En), "2");
        let t = totals(std::slice::from_ref(&line), true);
        assert_eq!(t.subtotal_cents, 12_750);
        assert_eq!(t.gst_cents, 638);
        assert_eq!(t.qst_cents, 1_272);
        assert_eq!(t.total_cents, 12_750 + 638 + 1_272);
        let untaxed = totals(&[line], false);
        assert_eq!(untaxed.total_cents, 12_750);
        let flat = line_for("Atelier", at(13, 30), at(15, 0), 20_000, RateUnit::Session);
        assert_eq!((flat.quantity_hundredths, flat.amount_cents), (100, 20_000));
    }

    #[test]
    fn rates_and_numbers_read_as_people_write_them() {
        assert_eq!(parse_rate("", "hour").unwrap(), None);
        assert_eq!(
            parse_rate("85,50 $", "hour").unwrap(),
            Some((8_550, RateUnit::Hour))
        );
        assert!(parse_rate("0", "hour").is_err());
        assert!(parse_rate("85", "day").is_err());
        assert_eq!(invoice_number(2026, 7), "2026-0007");
        assert!(RequestState::DateChosen.awaits_coordinator());
        assert!(!RequestState::DatesProposed.awaits_coordinator());
        assert!(RequestState::DatesProposed.is_open());
        assert!(!RequestState::Scheduled.is_open());
    }
}
