//! The session form as typed: its fields, parsed into a `SessionInput` with a message
//! per bad field, and filled from a stored session for editing.

use chrono::Timelike;
use serde::{Deserialize, Serialize};

use crate::domain::helpers::HelperNeed;
use crate::domain::lang::Lang;
use crate::domain::payment::Pricing;
use crate::domain::programme::{SessionFields, SessionInput, local_to_utc, parse_clock};
use crate::error::{FieldError, Msg};
use crate::store;
use crate::web::admin::opt_num;

/// The session form as submitted (and as shown again after an error).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    pub title: String,
    pub description: String,
    pub kind_id: String,
    /// Québec date `YYYY-MM-DD` and times `HH:MM`.
    pub day: String,
    pub start: String,
    pub end: String,
    pub format: String,
    pub online_url: String,
    pub venue_id: String,
    pub registration_required: String,
    pub capacity: String,
    pub waitlist_limit: String,
    pub max_seats: String,
    pub level: String,
    pub language: String,
    pub track_id: String,
    pub what_to_bring: String,
    pub audiences: Vec<String>,
    pub topics: Vec<String>,
    /// Registration window, `datetime-local` in Québec time (empty: not limited).
    pub registration_opens: String,
    pub registration_closes: String,
    /// The price of a seat in dollars as typed (« 15 », « 15,50 $ »; empty or 0: free).
    pub price: String,
    /// Reduced prices: for each audience offered (`rate_audience`, its id), the price
    /// typed (`rate_price`, same order; empty: no reduced price, 0: free for them).
    pub rate_audience: Vec<String>,
    pub rate_price: Vec<String>,
    /// Volunteer helpers wanted (empty: none) and what they do (issue 17).
    pub helpers_wanted: String,
    pub helpers_task: String,
    /// `1`: publish at once.
    pub publish: String,
    /// Series: `1` every week, `2` every other week; how many; `1` once previewed.
    pub every: String,
    pub count: String,
    pub confirm: String,
}

impl SessionForm {
    /// A blank form: registration required, two seats at most per person.
    pub(super) fn new_session() -> SessionForm {
        SessionForm {
            registration_required: "1".into(),
            max_seats: "2".into(),
            ..Default::default()
        }
    }

    /// Parses the fields; `errors` gets one message per bad field.
    pub(super) fn fields(&self, errors: &mut Vec<FieldError>) -> SessionFields {
        let mut num = |field: &str, s: &str| match opt_num(field, s) {
            Ok(v) => v,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let kind_id = num("kind_id", &self.kind_id);
        let venue_id = num("venue_id", &self.venue_id);
        let capacity = num("capacity", &self.capacity);
        let waitlist_limit = num("waitlist_limit", &self.waitlist_limit);
        let max_seats = num("max_seats", &self.max_seats);
        let track_id = num("track_id", &self.track_id);
        let ids =
            |v: &[String]| -> Vec<i64> { v.iter().filter_map(|s| s.trim().parse().ok()).collect() };
        let (mut starts_at, mut ends_at) = (None, None);
        if chrono::NaiveDate::parse_from_str(self.day.trim(), "%Y-%m-%d").is_err() {
            errors.push(FieldError::new("day", Msg::new("admin-error-date")));
        } else {
            match parse_clock(&self.start) {
                None => errors.push(FieldError::new("start", Msg::new("admin-error-time"))),
                Some(_) => starts_at = local_to_utc(&self.day, &self.start),
            }
            match parse_clock(&self.end) {
                None => errors.push(FieldError::new("end", Msg::new("admin-error-time"))),
                Some(_) => ends_at = local_to_utc(&self.day, &self.end),
            }
            if parse_clock(&self.start).is_some() && starts_at.is_none() {
                errors.push(FieldError::new(
                    "start",
                    Msg::new("admin-error-time-skipped"),
                ));
            }
        }
        let mut window = |field: &str, v: &str| {
            if v.trim().is_empty() {
                return None;
            }
            let t = crate::domain::programme::local_datetime_to_utc(v);
            if t.is_none() {
                errors.push(FieldError::new(
                    field,
                    Msg::new("admin-error-datetime-local"),
                ));
            }
            t
        };
        let registration_opens_at = window("registration_opens_at", &self.registration_opens);
        let registration_closes_at = window("registration_closes_at", &self.registration_closes);
        SessionFields {
            registration_opens_at,
            registration_closes_at,
            title: self.title.clone(),
            description: self.description.clone(),
            kind_id,
            starts_at,
            ends_at,
            format: if self.format.is_empty() {
                "in_person".into()
            } else {
                self.format.clone()
            },
            online_url: self.online_url.clone(),
            venue_id,
            registration_required: !self.registration_required.is_empty(),
            capacity,
            waitlist_limit,
            max_seats,
            level: self.level.clone(),
            language: self.language.clone(),
            track_id,
            what_to_bring: self.what_to_bring.clone(),
            audiences: ids(&self.audiences),
            topics: ids(&self.topics),
        }
    }

    /// The prices typed; `errors` gets a message per unreadable one.
    pub(super) fn pricing(&self, errors: &mut Vec<FieldError>) -> Pricing {
        let price_cents = parse_price(&self.price).unwrap_or_else(|| {
            errors.push(FieldError::new("price", Msg::new("pay-admin-error-price")));
            0
        });
        let mut reduced = Vec::new();
        for (audience, typed) in self.rate_audience.iter().zip(&self.rate_price) {
            let Ok(audience) = audience.trim().parse::<i64>() else {
                errors.push(FieldError::new("reduced", Msg::new("admin-error-choice")));
                continue;
            };
            if typed.trim().is_empty() {
                continue;
            }
            match parse_price(typed) {
                Some(cents) => reduced.push((audience, cents)),
                None => errors.push(FieldError::new(
                    &store::programme::reduced_field(audience),
                    Msg::new("pay-admin-error-price"),
                )),
            }
        }
        Pricing {
            price_cents,
            reduced,
        }
    }

    /// A valid session with its prices, or every field's message.
    pub(super) fn parse_priced(&self) -> Result<(SessionInput, Pricing), Vec<FieldError>> {
        let mut errors = Vec::new();
        let pricing = self.pricing(&mut errors);
        match self.parse() {
            Ok(input) if errors.is_empty() => Ok((input, pricing)),
            Ok(_) => Err(errors),
            Err(mut more) => {
                more.extend(errors);
                Err(more)
            }
        }
    }

    /// A valid session with its prices and what it asks of helpers, or every field's
    /// message.
    pub(super) fn parse_full(
        &self,
    ) -> Result<(SessionInput, Pricing, HelperNeed), Vec<FieldError>> {
        let helpers = HelperNeed::parse(&self.helpers_wanted, &self.helpers_task);
        match (self.parse_priced(), helpers) {
            (Ok((input, pricing)), Ok(helpers)) => Ok((input, pricing, helpers)),
            (Ok(_), Err(errors)) => Err(errors),
            (Err(errors), Ok(_)) => Err(errors),
            (Err(mut errors), Err(more)) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    /// A valid session, or every field's message.
    pub(super) fn parse(&self) -> Result<SessionInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let fields = self.fields(&mut errors);
        match fields.validate() {
            Ok(s) if errors.is_empty() => Ok(s),
            Ok(_) => Err(errors),
            Err(mut more) => {
                // Times already reported as unreadable need no second message.
                more.retain(|e| {
                    !(matches!(e.field.as_str(), "starts_at" | "ends_at")
                        && errors
                            .iter()
                            .any(|x| matches!(x.field.as_str(), "day" | "start" | "end")))
                });
                errors.extend(more);
                Err(errors)
            }
        }
    }

    pub(super) fn from_session(a: &store::programme::SessionAdmin, lang: Lang) -> SessionForm {
        let s = &a.details.session;
        let start = crate::domain::time::local(s.starts_at);
        let end = crate::domain::time::local(s.ends_at);
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        SessionForm {
            title: s.title.clone(),
            description: s.description.clone(),
            kind_id: s.kind_id.to_string(),
            day: start.format("%Y-%m-%d").to_string(),
            start: format!("{:02}:{:02}", start.hour(), start.minute()),
            end: format!("{:02}:{:02}", end.hour(), end.minute()),
            format: s.format.to_string(),
            online_url: s.online_url.clone().unwrap_or_default(),
            venue_id: opt(s.venue_id),
            registration_required: if s.registration_required {
                "1".into()
            } else {
                String::new()
            },
            capacity: opt(s.capacity.map(i64::from)),
            waitlist_limit: opt(s.waitlist_limit.map(i64::from)),
            max_seats: s.max_seats.to_string(),
            level: s.level.to_string(),
            language: s.language.clone(),
            track_id: opt(s.track_id),
            what_to_bring: s.what_to_bring.clone(),
            audiences: a.audiences.iter().map(i64::to_string).collect(),
            topics: a.topics.iter().map(i64::to_string).collect(),
            registration_opens: s.registration_opens_at.map(local_input).unwrap_or_default(),
            registration_closes: s
                .registration_closes_at
                .map(local_input)
                .unwrap_or_default(),
            price: if a.pricing.price_cents > 0 {
                typed_price(a.pricing.price_cents, lang)
            } else {
                String::new()
            },
            rate_audience: a
                .pricing
                .reduced
                .iter()
                .map(|(id, _)| id.to_string())
                .collect(),
            rate_price: a
                .pricing
                .reduced
                .iter()
                .map(|(_, c)| typed_price(*c, lang))
                .collect(),
            helpers_wanted: if a.helpers.wanted > 0 {
                a.helpers.wanted.to_string()
            } else {
                String::new()
            },
            helpers_task: a.helpers.task.clone(),
            ..Default::default()
        }
    }

    /// The reduced price typed for an audience (empty: none).
    pub(super) fn reduced_typed(&self, audience: i64) -> String {
        self.rate_audience
            .iter()
            .zip(&self.rate_price)
            .find(|(a, _)| a.trim() == audience.to_string())
            .map(|(_, p)| p.clone())
            .unwrap_or_default()
    }
}

pub use crate::domain::payment::parse_price;

/// A price as the form shows it back: « 15,00 » / "15.00".
fn typed_price(cents: i32, lang: Lang) -> String {
    let sep = match lang {
        Lang::Fr => ',',
        Lang::En => '.',
    };
    format!("{}{sep}{:02}", cents / 100, cents % 100)
}

/// A UTC time as a `datetime-local` value in Québec time.
fn local_input(t: chrono::NaiveDateTime) -> String {
    crate::domain::time::local(t)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_as_people_type_them() {
        for (typed, cents) in [
            ("", 0),
            ("0", 0),
            ("15", 1500),
            ("15,00", 1500),
            ("15.50", 1550),
            ("15,50 $", 1550),
            ("15,5", 1550),
            ("$15.50", 1550),
            ("15 $", 1500),
            ("1 200,00 $", 120_000),
            ("1\u{a0}200", 120_000),
            (",50", 50),
            ("10000", 1_000_000),
        ] {
            assert_eq!(parse_price(typed), Some(cents), "{typed:?}");
        }
        for typed in [
            "-5",
            "quinze",
            "15,505",
            "15,00,00",
            "1.200,00",
            "15 €",
            "10000,01",
            ",",
            "1e3",
            "99999999999",
        ] {
            assert_eq!(parse_price(typed), None, "{typed:?}");
        }
        assert_eq!(typed_price(1550, Lang::Fr), "15,50");
        assert_eq!(typed_price(5, Lang::En), "0.05");
    }
}
