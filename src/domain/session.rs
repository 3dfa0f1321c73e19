//! The closed vocabularies of a session, stored as text and parsed here.

text_enum!(
    /// Where a session happens.
    Format { InPerson => "in_person", Online => "online", Hybrid => "hybrid" }
);

text_enum!(
    /// Who a session is pitched at, by prior skill.
    Level { All => "tous", Beginner => "debutant", Intermediate => "intermediaire", Advanced => "avance" }
);

text_enum!(
    /// Publication state of a session.
    SessionStatus { Draft => "draft", Published => "published", Cancelled => "cancelled" }
);

impl SessionStatus {
    /// Whether the public sees the session at all: drafts never.
    pub fn is_public(self) -> bool {
        matches!(self, SessionStatus::Published | SessionStatus::Cancelled)
    }
}

text_enum!(
    /// Publication state of an event (programme).
    EventStatus { Draft => "draft", Published => "published" }
);

text_enum!(
    /// Language a session is given in.
    SessionLanguage { Fr => "fr", En => "en", Bilingual => "bilingue" }
);

text_enum!(
    /// What kind of body an organisation is.
    OrganisationKind {
        Library => "library",
        Mrc => "mrc",
        Municipality => "municipality",
        Community => "community",
        School => "school",
        FabLab => "fablab",
        Business => "business",
        Other => "other",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips_through_text() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(*f));
        }
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(*l));
        }
        assert_eq!(
            SessionStatus::parse("published"),
            Some(SessionStatus::Published)
        );
        assert_eq!(Format::parse("in person"), None);
    }
}

/// What a person can do about a session right now, as pages and the API show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    Cancelled,
    Ended,
    /// No registration: come in.
    DropIn,
    NotYetOpen(chrono::NaiveDateTime),
    Closed,
    /// Seats remain (`None`: no limit).
    Open(Option<i32>),
    /// Full, but the waitlist takes names.
    Waitlist,
    /// Full, and no waitlist place left.
    Full,
}

impl Availability {
    pub fn of(s: &crate::db::models::Session, now: chrono::NaiveDateTime) -> Availability {
        if s.status == SessionStatus::Cancelled {
            return Availability::Cancelled;
        }
        if s.ends_at <= now {
            return Availability::Ended;
        }
        if !s.registration_required {
            return Availability::DropIn;
        }
        if let Some(opens) = s.registration_opens_at
            && now < opens
        {
            return Availability::NotYetOpen(opens);
        }
        let closes = s.registration_closes_at.unwrap_or(s.starts_at);
        if now >= closes {
            return Availability::Closed;
        }
        match s.seats_left() {
            None => Availability::Open(None),
            Some(n) if n > 0 => Availability::Open(Some(n)),
            Some(_) => match s.waitlist_limit {
                None => Availability::Waitlist,
                Some(limit) if s.waitlist_count < limit => Availability::Waitlist,
                Some(_) => Availability::Full,
            },
        }
    }

    /// A short code for CSS and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Availability::Cancelled => "cancelled",
            Availability::Ended => "ended",
            Availability::DropIn => "drop_in",
            Availability::NotYetOpen(_) => "not_yet_open",
            Availability::Closed => "closed",
            Availability::Open(_) => "open",
            Availability::Waitlist => "waitlist",
            Availability::Full => "full",
        }
    }
}
