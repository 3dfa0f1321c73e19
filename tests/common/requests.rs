//! A workshop request taken the whole way through the store, as the tests of the
//! requester's link and of hostile queries need one: submitted, confirmed, accepted as a
//! private session of the team's « Ateliers sur demande » at 85 $ an hour, invoiced.

use babillard::db::DbConnection;
use babillard::db::schema::workshop_requests;
use babillard::domain::access::Access;
use babillard::domain::request::{GroupKind, NewRequest, RateUnit, Service};
use babillard::domain::token::{digest, random_token};
use babillard::store::requests as store;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

/// What the invoiced request is about: where, on which topic, by whom and when.
pub struct Invoiced {
    pub municipality_id: i64,
    pub topic_id: Option<i64>,
    pub trainer_id: i64,
    pub starts_at: NaiveDateTime,
}

/// Makes the request (an MRC coordinator must already be named for the municipality)
/// and returns its id and a working link token. Every email minted a new link: the one
/// returned is minted last, so it is the live one.
pub fn invoiced(c: &mut DbConnection, admin: &Access, w: &Invoiced) -> (i64, String) {
    let now = babillard::db::now();
    let r = NewRequest {
        service: Service::Workshop,
        topic_id: w.topic_id,
        audience_id: None,
        details: String::new(),
        municipality_id: w.municipality_id,
        at_requester: true,
        place: "Résidence Les Pins".into(),
        periods: "Les mardis".into(),
        people: 12,
        group: "Résidence Les Pins".into(),
        group_kind: GroupKind::Residence,
        name: "Lise Tremblay".into(),
        email: babillard::domain::registration::Email::parse("lise@example.org").unwrap(),
        phone: None,
        lang: babillard::domain::lang::Lang::Fr,
    };
    store::submit(c, &r, now).unwrap();
    let id: i64 = workshop_requests::table
        .select(workshop_requests::id)
        .order(workshop_requests::id.desc())
        .first(c)
        .unwrap();
    let link = |c: &mut DbConnection| {
        let token = random_token();
        diesel::update(workshop_requests::table.find(id))
            .set(workshop_requests::token_hash.eq(digest(&token)))
            .execute(c)
            .unwrap();
        token
    };
    let token = link(c);
    store::confirm(c, &token, now).unwrap();
    let a = store::Acceptance {
        title: "Appels vidéo sur tablette".into(),
        starts_at: w.starts_at,
        ends_at: w.starts_at + Duration::hours(2),
        trainer_id: w.trainer_id,
        public: false,
        rate: Some((8_500, RateUnit::Hour)),
        programme_title: "Ateliers sur demande".into(),
    };
    store::accept(c, admin, id, &a, Duration::minutes(30), now).unwrap();
    store::issue_invoice(c, admin, id, now).unwrap();
    (id, link(c))
}
