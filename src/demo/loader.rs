//! Writes the demo's data: each row is looked up by its slug (or its `demo:` external
//! uid) before it is created, so loading again adds nothing. Places, organisations,
//! events and sessions are inserted as the back office would hold them; people register
//! through the registration engine.

use anyhow::Context;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use indicatif::{ProgressBar, ProgressStyle};

use super::Report;
use super::people::{DEMO_PASSWORD, DEMO_STAFF, TRAINERS, person};
use super::places::{MRCS, MUNICIPALITIES, ORGS, REGIONS, VENUES};
use super::programme::{EventSpec, Spec, programme};
use crate::db::models::NewSession;
use crate::db::schema::*;
use crate::db::{Db, DbConnection, now, write_tx};
use crate::domain::registration::{Email, Source};
use crate::domain::time;
use crate::domain::token::random_token;
use crate::store::catalogue::ensure_default_terms;
use crate::store::registrations::{self, NewRegistration};

fn id_by_slug(conn: &mut DbConnection, table: &str, slug: &str) -> QueryResult<i64> {
    macro_rules! by {
        ($t:ident) => {
            $t::table
                .filter($t::slug.eq(slug))
                .select($t::id)
                .first(conn)
        };
    }
    match table {
        "regions" => by!(regions),
        "mrcs" => by!(mrcs),
        "municipalities" => by!(municipalities),
        "organisations" => by!(organisations),
        "venues" => by!(venues),
        "trainers" => by!(trainers),
        "kinds" => by!(kinds),
        "audiences" => by!(audiences),
        "topics" => by!(topics),
        "events" => by!(events),
        other => unreachable!("no slug lookup for {other}"),
    }
}

fn exists(r: QueryResult<i64>) -> QueryResult<bool> {
    r.optional().map(|o| o.is_some())
}

fn local_utc(day: NaiveDate, (h, m): (u32, u32)) -> NaiveDateTime {
    let t = NaiveTime::from_hms_opt(h, m, 0).expect("valid clock time");
    time::to_utc(day.and_time(t)).expect("demo times avoid the skipped DST hour")
}

fn load_places(conn: &mut DbConnection) -> QueryResult<()> {
    for (slug, name) in REGIONS {
        if !exists(id_by_slug(conn, "regions", slug))? {
            diesel::insert_into(regions::table)
                .values((regions::slug.eq(slug), regions::name.eq(name)))
                .execute(conn)?;
        }
    }
    for (region, slug, name) in MRCS {
        if !exists(id_by_slug(conn, "mrcs", slug))? {
            let region_id = id_by_slug(conn, "regions", region)?;
            diesel::insert_into(mrcs::table)
                .values((
                    mrcs::region_id.eq(region_id),
                    mrcs::slug.eq(slug),
                    mrcs::name.eq(name),
                ))
                .execute(conn)?;
        }
    }
    for (mrc, name, latitude, longitude) in MUNICIPALITIES {
        let slug = crate::domain::text::slugify(name);
        if !exists(id_by_slug(conn, "municipalities", &slug))? {
            let mrc_id = id_by_slug(conn, "mrcs", mrc)?;
            crate::store::members::insert_municipality(conn, mrc_id, &slug, name)?;
        }
        // Also on a demo loaded before towns had centroids.
        diesel::update(municipalities::table.filter(municipalities::slug.eq(&slug)))
            .filter(municipalities::latitude.is_null())
            .set((
                municipalities::latitude.eq(latitude),
                municipalities::longitude.eq(longitude),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn town_id(conn: &mut DbConnection, town: &str) -> QueryResult<i64> {
    id_by_slug(conn, "municipalities", &crate::domain::text::slugify(town))
}

fn load_organisations(conn: &mut DbConnection) -> QueryResult<()> {
    for o in ORGS {
        if exists(id_by_slug(conn, "organisations", o.slug))? {
            continue;
        }
        let town = town_id(conn, o.town)?;
        diesel::insert_into(organisations::table)
            .values(crate::db::models::NewOrganisation {
                slug: o.slug,
                name: o.name,
                kind: o.kind,
                municipality_id: Some(town),
                description: o.description,
                website: None,
                email: Some(o.email),
                phone: Some(o.phone),
                created_at: now(),
            })
            .execute(conn)?;
    }
    for v in VENUES {
        if exists(id_by_slug(conn, "venues", v.slug))? {
            continue;
        }
        let org = id_by_slug(conn, "organisations", v.org)?;
        let town = town_id(conn, v.town)?;
        diesel::insert_into(venues::table)
            .values(crate::db::models::NewVenue {
                organisation_id: Some(org),
                municipality_id: town,
                slug: v.slug,
                name: v.name,
                address: v.address,
                postal_code: Some(v.postal_code),
                room: v.room,
                capacity: Some(v.capacity),
                step_free_access: v.step_free,
                accessibility_notes: v.notes,
                wifi: v.wifi,
                computers: v.computers,
                directions: v.directions,
            })
            .execute(conn)?;
    }
    for t in TRAINERS {
        if !exists(id_by_slug(conn, "trainers", t.slug))? {
            let town = town_id(conn, t.town)?;
            diesel::insert_into(trainers::table)
                .values((
                    trainers::slug.eq(t.slug),
                    trainers::name.eq(t.name),
                    trainers::email.eq(format!("{}@formateurs.example.org", t.slug)),
                    trainers::bio.eq(t.bio),
                    trainers::home_municipality_id.eq(town),
                    trainers::feed_token_hash.eq(crate::domain::token::digest(&random_token())),
                    trainers::created_at.eq(now()),
                ))
                .execute(conn)?;
        }
        let tid = id_by_slug(conn, "trainers", t.slug)?;
        for org in t.orgs {
            let oid = id_by_slug(conn, "organisations", org)?;
            let linked: i64 = trainer_organisations::table
                .filter(trainer_organisations::trainer_id.eq(tid))
                .filter(trainer_organisations::organisation_id.eq(oid))
                .count()
                .get_result(conn)?;
            if linked == 0 {
                diesel::insert_into(trainer_organisations::table)
                    .values((
                        trainer_organisations::trainer_id.eq(tid),
                        trainer_organisations::organisation_id.eq(oid),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}

fn load_event(conn: &mut DbConnection, e: &EventSpec) -> QueryResult<i64> {
    if let Some(id) = id_by_slug(conn, "events", &e.slug).optional()? {
        return Ok(id);
    }
    let org = id_by_slug(conn, "organisations", e.org)?;
    diesel::insert_into(events::table)
        .values((
            events::organisation_id.eq(org),
            events::slug.eq(&e.slug),
            events::title.eq(&e.title),
            events::summary.eq(e.summary),
            events::description.eq(e.description),
            events::accepts_proposals.eq(e.accepts_proposals),
            events::status.eq("published"),
            events::created_at.eq(now()),
            events::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let id = id_by_slug(conn, "events", &e.slug)?;
    for (day, title) in &e.days {
        diesel::insert_into(event_days::table)
            .values((
                event_days::event_id.eq(id),
                event_days::day.eq(day.to_string()),
                event_days::title.eq(title),
            ))
            .execute(conn)?;
    }
    for (pos, (slug, name)) in e.tracks.iter().enumerate() {
        diesel::insert_into(tracks::table)
            .values((
                tracks::event_id.eq(id),
                tracks::slug.eq(slug),
                tracks::name.eq(name),
                tracks::position.eq(pos as i32),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// Creates a session unless one with its demo uid exists; returns its id when created.
/// `opened`: when it was put online, registration open from then on.
fn load_session(
    conn: &mut DbConnection,
    s: &Spec,
    opened: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    let uid = format!("demo:{}", s.key);
    let existing: Option<i64> = sessions::table
        .filter(sessions::external_uid.eq(&uid))
        .select(sessions::id)
        .first(conn)
        .optional()?;
    if existing.is_some() {
        return Ok(None);
    }
    let event_id = id_by_slug(conn, "events", &s.event)?;
    let org = id_by_slug(conn, "organisations", s.org)?;
    let kind = id_by_slug(conn, "kinds", s.kind)?;
    let venue = s.venue.map(|v| id_by_slug(conn, "venues", v)).transpose()?;
    let track = match s.track {
        Some(t) => Some(
            tracks::table
                .filter(tracks::event_id.eq(event_id))
                .filter(tracks::slug.eq(t))
                .select(tracks::id)
                .first::<i64>(conn)?,
        ),
        None => None,
    };
    let starts_at = local_utc(s.day, s.start);
    let stamp = opened;
    // Registration is open from the start and closes two hours before the session.
    let opens = opened;
    diesel::insert_into(sessions::table)
        .values(NewSession {
            event_id,
            organisation_id: org,
            track_id: track,
            kind_id: kind,
            title: s.title.clone(),
            description: s.description.to_owned(),
            level: crate::domain::session::Level::parse(s.level).expect("a known level"),
            language: "fr".into(),
            starts_at,
            ends_at: local_utc(s.day, s.end),
            format: crate::domain::session::Format::parse(s.format).expect("a known format"),
            online_url: s.online_url.map(str::to_owned),
            venue_id: venue,
            registration_required: s.registration_required,
            capacity: if s.registration_required {
                s.capacity
            } else {
                None
            },
            waitlist_limit: s.waitlist_limit,
            max_seats: s.max_seats,
            price_cents: s.price_cents,
            registration_opens_at: Some(opens),
            registration_closes_at: Some(starts_at - chrono::Duration::hours(2)),
            status: crate::domain::session::SessionStatus::Published,
            series_key: None,
            external_uid: Some(uid.clone()),
            what_to_bring: s.what_to_bring.to_owned(),
            created_at: stamp,
            updated_at: stamp,
        })
        .execute(conn)?;
    let id: i64 = sessions::table
        .filter(sessions::external_uid.eq(&uid))
        .select(sessions::id)
        .first(conn)?;
    let audiences = s
        .audiences
        .iter()
        .map(|a| id_by_slug(conn, "audiences", a))
        .collect::<QueryResult<Vec<i64>>>()?;
    let topics = s
        .topics
        .iter()
        .map(|t| id_by_slug(conn, "topics", t))
        .collect::<QueryResult<Vec<i64>>>()?;
    crate::store::programme::link_terms(conn, id, &audiences, &topics)?;
    for t in s.trainers {
        let tid = id_by_slug(conn, "trainers", t)?;
        diesel::insert_into(session_trainers::table)
            .values((
                session_trainers::session_id.eq(id),
                session_trainers::trainer_id.eq(tid),
            ))
            .execute(conn)?;
    }
    Ok(Some(id))
}

/// Demo registrations: confirmed seats up to `fill.0`, then `fill.1` people waiting,
/// registered through the engine (`store::registrations::register`, as the public form
/// does) one after the other in the days before the load, so the rows, the counters and
/// the waitlist are what the engine makes. These people are fictional: the emails the
/// engine queues for them are deleted in the same transaction, before any worker can
/// send them.
fn fill_session(
    conn: &mut DbConnection,
    id: i64,
    s: &Spec,
    counter: &mut usize,
    since: NaiveDateTime,
) -> anyhow::Result<usize> {
    let (mut seats_left, waiting) = s.fill;
    let mut created = 0;
    let mut n = 0i64;
    let mut register = |conn: &mut DbConnection, seats: i32, counter: &mut usize| {
        let (name, email) = person(*counter);
        *counter += 1;
        n += 1;
        let at = since + chrono::Duration::minutes(n * 17);
        let new = NewRegistration {
            name,
            email: Email::parse(&email),
            phone: None,
            seats,
            needs: None,
            // French, the language's default.
            language: Default::default(),
            source: Source::Web,
            entered_by: None,
        };
        let done = registrations::register(conn, id, &new, at)
            .with_context(|| format!("registering {email} for {}", s.key))?;
        diesel::delete(outbox::table.filter(outbox::registration_id.eq(done.registration.id)))
            .execute(conn)?;
        anyhow::ensure!(
            done.created(),
            "{email} was already registered for {}",
            s.key
        );
        // Where the engine placed them: `None` on a seat, `Some(position)` waiting.
        Ok::<_, anyhow::Error>(done.waitlist_position)
    };
    while seats_left > 0 {
        // Some seniors bring a companion.
        let seats = if s.max_seats >= 2 && seats_left >= 2 && counter.is_multiple_of(3) {
            2
        } else {
            1
        };
        let place = register(conn, seats, counter)?;
        anyhow::ensure!(place.is_none(), "{}: a seat was expected", s.key);
        created += 1;
        seats_left -= seats;
    }
    for _ in 0..waiting {
        let place = register(conn, 1, counter)?;
        anyhow::ensure!(place.is_some(), "{}: the session should be full", s.key);
        created += 1;
    }
    Ok(created)
}

/// Loads the demo; with `progress`, shows a progress bar on the terminal.
pub fn load(db: &Db, progress: bool) -> anyhow::Result<Report> {
    let today = time::local(now()).date_naive();
    let (events, specs) = programme(today);
    let bar = if progress {
        let b = ProgressBar::new((events.len() + specs.len() + 2) as u64);
        b.set_style(
            ProgressStyle::with_template("{msg:32} [{bar:30}] {pos}/{len}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let mut conn = db.write()?;
    let mut report = Report {
        journees_slug: events[0].slug.clone(),
        ..Report::default()
    };
    write_tx(&mut conn, |conn| -> anyhow::Result<()> {
        bar.set_message("Régions et municipalités");
        ensure_default_terms(conn)?;
        load_places(conn)?;
        bar.inc(1);
        bar.set_message("Organismes, lieux, formateurs");
        load_organisations(conn)?;
        bar.inc(1);
        bar.set_message("Programmes");
        for e in &events {
            load_event(conn, e)?;
            bar.inc(1);
        }
        bar.set_message("Séances et inscriptions");
        // The programme went online four days ago; people registered from the next day.
        let opened = now() - chrono::Duration::days(4);
        let since = opened + chrono::Duration::days(1);
        let mut counter = 0usize;
        for s in &specs {
            match load_session(conn, s, opened)? {
                Some(id) => {
                    report.created_sessions += 1;
                    report.created_registrations += fill_session(conn, id, s, &mut counter, since)?;
                }
                None => report.existing_sessions += 1,
            }
            bar.inc(1);
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    load_staff(&mut conn)?;
    Ok(report)
}

/// The back-office accounts of the demo, created once (an existing account keeps its
/// password). The password is hashed only when an account is missing.
fn load_staff(conn: &mut DbConnection) -> anyhow::Result<()> {
    let missing = DEMO_STAFF.iter().any(|(email, ..)| {
        !users::table
            .filter(users::email.eq(email))
            .count()
            .get_result::<i64>(conn)
            .is_ok_and(|n| n > 0)
    });
    if !missing {
        return Ok(());
    }
    let hash = crate::store::users::hash_password(DEMO_PASSWORD)?;
    write_tx(conn, |conn| -> anyhow::Result<()> {
        for (email, name, role, org, trainer) in DEMO_STAFF {
            let exists: i64 = users::table
                .filter(users::email.eq(email))
                .count()
                .get_result(conn)?;
            if exists > 0 {
                continue;
            }
            diesel::insert_into(users::table)
                .values((
                    users::email.eq(email),
                    users::name.eq(name),
                    users::password_hash.eq(&hash),
                    users::is_admin.eq(*role == "admin"),
                    users::locale.eq("fr"),
                    users::created_at.eq(now()),
                ))
                .execute(conn)?;
            let uid: i64 = users::table
                .filter(users::email.eq(email))
                .select(users::id)
                .first(conn)?;
            if !org.is_empty() {
                let oid = id_by_slug(conn, "organisations", org)?;
                // A coordinator edits the team's programme (as `store::requests::appoint`
                // makes them) and coordinates its MRC's workshop requests.
                let membership = if *role == "coordinator" {
                    "editor"
                } else {
                    role
                };
                diesel::insert_into(memberships::table)
                    .values((
                        memberships::user_id.eq(uid),
                        memberships::organisation_id.eq(oid),
                        memberships::role.eq(membership),
                        memberships::created_at.eq(now()),
                    ))
                    .execute(conn)?;
                if *role == "coordinator" {
                    let mrc: i64 = organisations::table
                        .inner_join(municipalities::table)
                        .filter(organisations::id.eq(oid))
                        .select(municipalities::mrc_id)
                        .first(conn)?;
                    diesel::insert_into(coordinators::table)
                        .values((
                            coordinators::user_id.eq(uid),
                            coordinators::mrc_id.eq(mrc),
                            coordinators::organisation_id.eq(oid),
                            coordinators::created_at.eq(now()),
                        ))
                        .execute(conn)?;
                }
            }
            if !trainer.is_empty() {
                diesel::update(trainers::table.filter(trainers::slug.eq(trainer)))
                    .set(trainers::user_id.eq(uid))
                    .execute(conn)?;
            }
        }
        Ok(())
    })
}
