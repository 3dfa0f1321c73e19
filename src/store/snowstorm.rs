//! A snowstorm: a regional administrator (or an organisation's manager, for their own
//! sessions) cancels every session of one day in an area in one act — after a preview
//! of what will be cancelled and how many people will be told — with one reason, and
//! optionally gives each session again on a replacement date, the registrations of a
//! free session carried over in their order. Each person gets one message per session
//! (the engine's `session_cancelled`, with its CANCEL invite, saying when it is given
//! again); people carried over then get the confirmation of the new date, with its
//! invite, as anyone registering does. Online sessions are left alone: a storm closes
//! roads, not screens.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::models::{Registration, Session};
use crate::db::schema::{
    mrcs, municipalities, organisations, registrations, session_locations, sessions, venues,
};
use crate::db::{DbConnection, now, write_tx};
use crate::domain::access::Access;
use crate::domain::lang::Lang;
use crate::domain::registration::{Email, Phone, Status};
use crate::domain::session::{Format, SessionStatus};
use crate::domain::snowstorm::{self, Area, Request};
use crate::domain::time;
use crate::error::{Error, Result};
use crate::store::audit::{Entry, record};
use crate::store::intake::refused;
use crate::store::registrations::{self as engine, GivenAgain, NewRegistration, RegisterOptions};

/// A session the storm would cancel, as the preview lists it.
#[derive(Debug, Clone)]
pub struct Affected {
    pub session_id: i64,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub organisation: String,
    pub municipality: Option<String>,
    /// People to tell: registrations with a seat or waiting for one.
    pub people: i64,
    /// A paid session: payments are refunded, registrations are not carried over.
    pub paid: bool,
}

/// What a storm over `day` in `area` would cancel, for this person: the published
/// in-person and hybrid sessions starting that day (Québec time) whose place is in the
/// area, among those the person may manage. Sessions not yet over only.
pub fn preview(
    conn: &mut DbConnection,
    who: &Access,
    day: NaiveDate,
    area: Area,
) -> Result<Vec<Affected>> {
    let from = time::day_start_utc(day);
    let to = time::day_start_utc(day.succ_opt().ok_or(Error::NotFound)?);
    let rows: Vec<(Session, String, Option<i64>, Option<i64>)> = sessions::table
        .inner_join(organisations::table)
        .left_join(venues::table)
        .left_join(session_locations::table)
        .filter(sessions::starts_at.ge(from))
        .filter(sessions::starts_at.lt(to))
        .filter(sessions::ends_at.gt(now()))
        .filter(sessions::status.eq(SessionStatus::Published))
        .filter(sessions::format.ne(Format::Online))
        .order((sessions::starts_at, sessions::title, sessions::id))
        .select((
            Session::as_select(),
            organisations::name,
            venues::municipality_id.nullable(),
            session_locations::municipality_id.nullable(),
        ))
        .load(conn)?;
    let towns: Vec<(i64, String, i64)> = municipalities::table
        .select((
            municipalities::id,
            municipalities::name,
            municipalities::mrc_id,
        ))
        .load(conn)?;
    let town = |id: Option<i64>| id.and_then(|id| towns.iter().find(|t| t.0 == id));
    // People to tell, for the whole day in one grouped query.
    let ids: Vec<i64> = rows.iter().map(|r| r.0.id).collect();
    let open: std::collections::HashMap<i64, i64> = registrations::table
        .filter(registrations::session_id.eq_any(&ids))
        .filter(registrations::status.eq_any(Status::matching(Status::is_open)))
        .group_by(registrations::session_id)
        .select((registrations::session_id, diesel::dsl::count_star()))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    let mut out = Vec::new();
    for (s, organisation, venue_town, located_town) in rows {
        let place = town(venue_town.or(located_town));
        if !who.can_manage(s.organisation_id)
            || !area.holds(s.organisation_id, place.map(|t| t.0), place.map(|t| t.2))
        {
            continue;
        }
        let people = open.get(&s.id).copied().unwrap_or(0);
        out.push(Affected {
            session_id: s.id,
            paid: s.price_cents > 0,
            title: s.title,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            organisation,
            municipality: place.map(|t| t.1.clone()),
            people,
        });
    }
    Ok(out)
}

/// What the storm did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Done {
    /// Sessions cancelled.
    pub cancelled: usize,
    /// Registrations cancelled (each person told once per session).
    pub people: usize,
    /// (cancelled session, its copy on the replacement date)
    pub given_again: Vec<(i64, i64)>,
    /// Registrations carried over to the copies.
    pub carried: usize,
}

/// Cancels the sessions of the preview the person saw (`seen`: their ids) that the
/// storm still covers — one changed since (cancelled, moved to another day, out of the
/// area) is left alone, and one added since is not cancelled unseen — in one
/// transaction, with one audit entry per session and one for the storm.
pub fn cancel_day(
    conn: &mut DbConnection,
    who: &Access,
    req: &Request,
    seen: &[i64],
) -> Result<Done> {
    if !who.is_admin && who.memberships.iter().all(|(o, _)| !who.can_manage(*o)) {
        return Err(Error::Forbidden);
    }
    let seen: HashSet<i64> = seen.iter().copied().collect();
    write_tx(conn, |conn| {
        let stamp = now();
        let mut done = Done::default();
        for a in preview(conn, who, req.day, req.area)?
            .into_iter()
            .filter(|a| seen.contains(&a.session_id))
        {
            let session = crate::store::sessions::lock_session(conn, a.session_id)?;
            let live: Vec<Registration> = registrations::table
                .filter(registrations::session_id.eq(a.session_id))
                .filter(registrations::status.eq_any(Status::matching(Status::is_open)))
                .order((registrations::queued_at, registrations::id))
                .select(Registration::as_select())
                .load(conn)?;
            let n = match req.again {
                None => engine::cancel_session(conn, a.session_id, &req.reason, stamp),
                Some(again) => {
                    let days = (again - req.day).num_days();
                    let copy = crate::store::programme::copy_session(conn, &session, days, true)?;
                    open_for_those_carried(conn, &session, copy, stamp)?;
                    let (starts_at, ends_at) = sessions::table
                        .find(copy)
                        .select((sessions::starts_at, sessions::ends_at))
                        .first(conn)?;
                    let given = GivenAgain {
                        starts_at,
                        ends_at,
                        carried: !a.paid,
                    };
                    let n = engine::cancel_session_given_again(
                        conn,
                        a.session_id,
                        &req.reason,
                        &given,
                        stamp,
                    )
                    .map_err(refused)?;
                    done.carried += carry_over(conn, &live, copy, a.paid, stamp)?;
                    done.given_again.push((a.session_id, copy));
                    // The copy is the session, rescheduled: its page says so.
                    crate::store::reschedules::record(conn, copy, session.starts_at, stamp)?;
                    record(
                        conn,
                        &Entry::new(who.user_id, "create", "session", Some(copy))
                            .org(session.organisation_id)
                            .detail(format!("{} (#{}, {again})", session.title, session.id)),
                    )?;
                    Ok(n)
                }
            }
            .map_err(refused)?;
            record(
                conn,
                &Entry::new(who.user_id, "cancel", "session", Some(a.session_id))
                    .org(session.organisation_id)
                    .detail(format!("{} — {} ({n})", session.title, req.reason)),
            )?;
            done.cancelled += 1;
            done.people += n;
        }
        record(
            conn,
            &Entry::new(who.user_id, "storm", "day", None).detail(format!(
                "{} {} — {} ({} / {})",
                req.day,
                req.area.value(),
                req.reason,
                done.cancelled,
                done.people
            )),
        )?;
        Ok(done)
    })
}

/// The copy takes the people carried over now, whatever its registration window
/// would say: they registered for the session, not for a new one.
fn open_for_those_carried(
    conn: &mut DbConnection,
    original: &Session,
    copy: i64,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::update(sessions::table.find(copy))
        .set((
            sessions::registration_opens_at.eq(original.registration_opens_at.filter(|t| *t > now)),
            sessions::waitlist_limit.eq(None::<i32>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Registers again on the copy each person who follows the session there, people with
/// a seat first, then the waitlist, each in their old order; each gets the engine's
/// confirmation (or waitlist message) with a new manage link. Returns how many.
fn carry_over(
    conn: &mut DbConnection,
    live: &[Registration],
    copy: i64,
    paid: bool,
    now: NaiveDateTime,
) -> Result<usize> {
    let mut follow: Vec<&Registration> = live
        .iter()
        .filter(|r| snowstorm::follows(r.status, paid))
        .collect();
    follow.sort_by_key(|r| (snowstorm::carry_rank(r.status), r.queued_at, r.id));
    for r in &follow {
        let new = NewRegistration {
            name: r.name.clone().unwrap_or_default(),
            email: r.email.as_deref().and_then(Email::parse),
            phone: r.phone.as_deref().and_then(Phone::parse),
            seats: r.seats,
            needs: r.needs.clone(),
            language: Lang::parse(&r.language).unwrap_or_default(),
            source: r.source,
            entered_by: r.entered_by_user_id,
        };
        engine::register_with(conn, copy, &new, &RegisterOptions::default(), now)
            .map_err(refused)?;
    }
    Ok(follow.len())
}

/// The areas a person may choose, each as (id, name): every MRC and town of the
/// regions (the preview then keeps only the sessions they manage), and the
/// organisations they manage.
#[derive(Debug, Clone, Default)]
pub struct Areas {
    pub mrcs: Vec<(i64, String)>,
    pub towns: Vec<(i64, String)>,
    pub organisations: Vec<(i64, String)>,
}

pub fn areas(conn: &mut DbConnection, who: &Access) -> Result<Areas> {
    Ok(Areas {
        mrcs: mrcs::table
            .order(mrcs::name)
            .select((mrcs::id, mrcs::name))
            .load(conn)?,
        towns: municipalities::table
            .order(municipalities::name)
            .select((municipalities::id, municipalities::name))
            .load(conn)?,
        organisations: crate::store::members::organisations_for(conn, who)?
            .into_iter()
            .filter(|o| who.can_manage(o.id))
            .map(|o| (o.id, o.name))
            .collect(),
    })
}
