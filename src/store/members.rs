//! Members of an organisation (managers and editors), and the organisations
//! themselves, municipalities and vocabularies (regional administrators).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::models::Organisation;
use crate::db::schema::{
    audiences, memberships, mrcs, municipalities, organisations, topics, users,
};
use crate::db::{DbConnection, now, write_tx};
use crate::domain::access::{Access, Role};
use crate::domain::text::{Slug, slugify};
use crate::error::{Error, FieldError, Msg, Result};
use crate::store::audit::{Entry, record};
use crate::store::slugs;

#[derive(Debug, Clone, Queryable)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub since: NaiveDateTime,
}

pub fn list(conn: &mut DbConnection, organisation_id: i64) -> QueryResult<Vec<Member>> {
    memberships::table
        .inner_join(users::table)
        .filter(memberships::organisation_id.eq(organisation_id))
        .order(users::name)
        .select((
            users::id,
            users::name,
            users::email,
            memberships::role,
            memberships::created_at,
        ))
        .load(conn)
}

/// Adds a person to an organisation with a role, or changes their role. A person
/// without an account gets one without a password and an emailed link to choose it.
pub fn add(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
    name: &str,
    email: &str,
    role: Role,
    base_url: &str,
) -> Result<i64> {
    if !who.can_manage(organisation_id) {
        return Err(Error::Forbidden);
    }
    let email = crate::store::users::normalise_email(email);
    let name = name.trim();
    let mut errors = Vec::new();
    if !email_address::EmailAddress::is_valid(&email) {
        errors.push(FieldError::new("email", Msg::new("admin-error-email")));
    }
    if name.chars().count() > 120 {
        errors.push(FieldError::new("name", Msg::new("admin-error-too-long")));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let (user_id, created) = write_tx(conn, |conn| {
        let found: Option<i64> = users::table
            .filter(users::email.eq(&email))
            .select(users::id)
            .first(conn)
            .optional()?;
        let (user_id, created) = match found {
            Some(id) => (id, false),
            None => {
                if name.is_empty() {
                    return Err(Error::field("name", "admin-error-required"));
                }
                diesel::insert_into(users::table)
                    .values((
                        users::email.eq(&email),
                        users::name.eq(name),
                        users::is_admin.eq(false),
                        users::locale.eq("fr"),
                        users::created_at.eq(now()),
                    ))
                    .execute(conn)?;
                let id = users::table
                    .filter(users::email.eq(&email))
                    .select(users::id)
                    .first(conn)?;
                (id, true)
            }
        };
        let updated = diesel::update(
            memberships::table
                .filter(memberships::user_id.eq(user_id))
                .filter(memberships::organisation_id.eq(organisation_id)),
        )
        .set(memberships::role.eq(role.as_str()))
        .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(memberships::table)
                .values((
                    memberships::user_id.eq(user_id),
                    memberships::organisation_id.eq(organisation_id),
                    memberships::role.eq(role.as_str()),
                    memberships::created_at.eq(now()),
                ))
                .execute(conn)?;
        }
        record(
            conn,
            &Entry::new(who.user_id, "add_member", "user", Some(user_id))
                .org(organisation_id)
                .detail(role.as_str()),
        )?;
        Ok::<_, Error>((user_id, created))
    })?;
    if created {
        crate::store::staff::send_reset_link(conn, &email, base_url)?;
    }
    Ok(user_id)
}

/// Removes a person from an organisation (their account stays). A manager cannot
/// remove the last manager, so an organisation is never left without one.
pub fn remove(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
    user_id: i64,
) -> Result<()> {
    if !who.can_manage(organisation_id) {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let role: Role = memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::organisation_id.eq(organisation_id))
            .select(memberships::role)
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound)?;
        if role == Role::Manager && !who.is_admin {
            let managers: i64 = memberships::table
                .filter(memberships::organisation_id.eq(organisation_id))
                .filter(memberships::role.eq(Role::Manager))
                .count()
                .get_result(conn)?;
            if managers <= 1 {
                return Err(Error::conflict("admin-error-last-manager"));
            }
        }
        diesel::delete(
            memberships::table
                .filter(memberships::user_id.eq(user_id))
                .filter(memberships::organisation_id.eq(organisation_id)),
        )
        .execute(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "remove_member", "user", Some(user_id)).org(organisation_id),
        )?;
        Ok(())
    })
}

/// The organisations a person may open in the back office, by name.
pub fn organisations_for(conn: &mut DbConnection, who: &Access) -> QueryResult<Vec<Organisation>> {
    let mut q = organisations::table
        .order(organisations::name)
        .select(Organisation::as_select())
        .into_boxed();
    if let Some(ids) = who.organisations() {
        q = q.filter(organisations::id.eq_any(ids));
    }
    q.load(conn)
}

pub fn organisation(conn: &mut DbConnection, id: i64) -> Result<Organisation> {
    organisations::table
        .find(id)
        .select(Organisation::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)
}

/// Creates an organisation (regional administrators).
pub fn create_organisation(
    conn: &mut DbConnection,
    who: &Access,
    name: &str,
    kind: &str,
    municipality_id: Option<i64>,
) -> Result<i64> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(Error::field("name", "admin-error-required"));
    }
    let Some(kind) = crate::domain::session::OrganisationKind::parse(kind) else {
        return Err(Error::field("kind", "admin-error-choice"));
    };
    write_tx(conn, |conn| {
        if let Some(m) = municipality_id {
            let n: i64 = municipalities::table.find(m).count().get_result(conn)?;
            if n == 0 {
                return Err(Error::field("municipality_id", "admin-error-choice"));
            }
        }
        let slug = slugs::free(conn, &slugs::base(name, "x"), |c, s| {
            organisations::table
                .filter(organisations::slug.eq(s))
                .count()
                .get_result::<i64>(c)
                .map(|n| n > 0)
        })?;
        diesel::insert_into(organisations::table)
            .values((
                organisations::slug.eq(&slug),
                organisations::name.eq(name),
                organisations::kind.eq(kind.as_str()),
                organisations::municipality_id.eq(municipality_id),
                organisations::created_at.eq(now()),
            ))
            .execute(conn)?;
        let id = organisations::table
            .filter(organisations::slug.eq(&slug))
            .select(organisations::id)
            .first(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "create", "organisation", Some(id))
                .org(id)
                .detail(name),
        )?;
        Ok(id)
    })
}

/// Adds a municipality to an MRC (regional administrators).
pub fn create_municipality(
    conn: &mut DbConnection,
    who: &Access,
    mrc_id: i64,
    name: &str,
) -> Result<i64> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(Error::field("name", "admin-error-required"));
    }
    write_tx(conn, |conn| {
        let n: i64 = mrcs::table.find(mrc_id).count().get_result(conn)?;
        if n == 0 {
            return Err(Error::field("mrc_id", "admin-error-choice"));
        }
        let Some(slug) = Slug::of(name).map(Slug::into_string) else {
            return Err(Error::field("name", "admin-error-duplicate"));
        };
        let taken: i64 = municipalities::table
            .filter(municipalities::slug.eq(&slug))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(Error::field("name", "admin-error-duplicate"));
        }
        insert_municipality(conn, mrc_id, &slug, name)?;
        let id = municipalities::table
            .filter(municipalities::slug.eq(&slug))
            .select(municipalities::id)
            .first(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "create", "municipality", Some(id)).detail(name),
        )?;
        Ok(id)
    })
}

/// Sets (or, with `None`, forgets) a municipality's centroid, for « et autour » filters
/// (regional administrators only). Refuses a point that is not on Earth.
pub fn set_centroid(
    conn: &mut DbConnection,
    who: &Access,
    municipality_id: i64,
    point: Option<(f64, f64)>,
) -> Result<()> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    if let Some((la, lo)) = point
        && !crate::domain::geo::valid(la, lo)
    {
        return Err(Error::field("latitude", "admin-error-coordinates"));
    }
    write_tx(conn, |conn| {
        let name: String = municipalities::table
            .find(municipality_id)
            .select(municipalities::name)
            .first(conn)
            .optional()?
            .ok_or_else(|| Error::field("municipality_id", "admin-error-choice"))?;
        diesel::update(municipalities::table.find(municipality_id))
            .set((
                municipalities::latitude.eq(point.map(|p| p.0)),
                municipalities::longitude.eq(point.map(|p| p.1)),
            ))
            .execute(conn)?;
        let detail = match point {
            Some((la, lo)) => format!("{name} : {la:.4}, {lo:.4}"),
            None => format!("{name} : —"),
        };
        record(
            conn,
            &Entry::new(
                who.user_id,
                "centroid",
                "municipality",
                Some(municipality_id),
            )
            .detail(detail),
        )?;
        Ok(())
    })
}

/// Writes a municipality row (the caller has checked the MRC and the slug).
pub(crate) fn insert_municipality(
    conn: &mut DbConnection,
    mrc_id: i64,
    slug: &str,
    name: &str,
) -> QueryResult<()> {
    diesel::insert_into(municipalities::table)
        .values((
            municipalities::mrc_id.eq(mrc_id),
            municipalities::slug.eq(slug),
            municipalities::name.eq(name),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Adds a topic or an audience (regional administrators); `which` is `topic` or
/// `audience`.
pub fn create_term(
    conn: &mut DbConnection,
    who: &Access,
    which: &str,
    name_fr: &str,
    name_en: &str,
) -> Result<i64> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    let (fr, en) = (name_fr.trim(), name_en.trim());
    let mut errors = Vec::new();
    if fr.is_empty() || fr.chars().count() > 120 {
        errors.push(FieldError::new("name_fr", Msg::new("admin-error-required")));
    }
    if en.is_empty() || en.chars().count() > 120 {
        errors.push(FieldError::new("name_en", Msg::new("admin-error-required")));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let slug = slugify(fr);
    macro_rules! insert {
        ($t:ident) => {
            write_tx(conn, |conn| {
                let taken: i64 = $t::table
                    .filter($t::slug.eq(&slug))
                    .count()
                    .get_result(conn)?;
                if taken > 0 {
                    return Err(Error::field("name_fr", "admin-error-duplicate"));
                }
                let position: i64 = $t::table.count().get_result(conn)?;
                diesel::insert_into($t::table)
                    .values((
                        $t::slug.eq(&slug),
                        $t::name_fr.eq(fr),
                        $t::name_en.eq(en),
                        $t::position.eq(position as i32),
                    ))
                    .execute(conn)?;
                let id = $t::table
                    .filter($t::slug.eq(&slug))
                    .select($t::id)
                    .first(conn)?;
                record(
                    conn,
                    &Entry::new(who.user_id, "create", which, Some(id)).detail(fr),
                )?;
                Ok(id)
            })
        };
    }
    match which {
        "topic" => insert!(topics),
        "audience" => insert!(audiences),
        _ => Err(Error::NotFound),
    }
}

/// An organisation's public details and waitlist policy, as submitted.
#[derive(Debug, Clone, Default)]
pub struct OrganisationInput {
    pub name: String,
    pub description: String,
    pub website: String,
    pub email: String,
    pub phone: String,
    /// `auto` (a freed seat goes straight to the next person) or `offers` (offered until
    /// a deadline).
    pub waitlist_mode: String,
    pub offer_hours: Option<i64>,
    /// Hours the people on an interest list are told before the public (empty: none).
    pub head_start_hours: Option<i64>,
}

/// Changes an organisation's details and waitlist policy (its managers).
pub fn update_organisation(
    conn: &mut DbConnection,
    who: &Access,
    id: i64,
    o: &OrganisationInput,
) -> Result<()> {
    if !who.can_manage(id) {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    let e = |f: &str, k: &str| FieldError::new(f, Msg::new(k));
    let name = o.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(e("name", "admin-error-required"));
    }
    if o.description.chars().count() > 5000 {
        errors.push(e("description", "admin-error-too-long"));
    }
    let website = Some(o.website.trim()).filter(|s| !s.is_empty());
    if website
        .is_some_and(|w| !(w.starts_with("https://") || w.starts_with("http://")) || w.len() > 300)
    {
        errors.push(e("website", "admin-error-url"));
    }
    let email = Some(o.email.trim()).filter(|s| !s.is_empty());
    if email.is_some_and(|m| !email_address::EmailAddress::is_valid(m)) {
        errors.push(e("email", "admin-error-email"));
    }
    let phone = Some(o.phone.trim()).filter(|s| !s.is_empty());
    if phone.is_some_and(|p| p.chars().count() > 40) {
        errors.push(e("phone", "admin-error-too-long"));
    }
    if crate::domain::registration::WaitlistMode::parse(o.waitlist_mode.trim()).is_none() {
        errors.push(e("waitlist_mode", "admin-error-choice"));
    }
    let hours = o.offer_hours.unwrap_or(24);
    if !(1..=168).contains(&hours) {
        errors.push(e("offer_hours", "admin-error-offer-hours"));
    }
    let head_start = match crate::domain::interest::parse_head_start(o.head_start_hours) {
        Ok(h) => h,
        Err(f) => {
            errors.push(f);
            0
        }
    };
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    write_tx(conn, |conn| {
        let n = diesel::update(organisations::table.find(id))
            .set((
                organisations::name.eq(name),
                organisations::description.eq(o.description.trim()),
                organisations::website.eq(website),
                organisations::email.eq(email),
                organisations::phone.eq(phone),
                organisations::waitlist_mode.eq(o.waitlist_mode.trim()),
                organisations::offer_hours.eq(hours as i32),
                organisations::head_start_hours.eq(head_start),
            ))
            .execute(conn)?;
        if n == 0 {
            return Err(Error::NotFound);
        }
        record(
            conn,
            &Entry::new(who.user_id, "update", "organisation", Some(id))
                .org(id)
                .detail(format!("{name} [{}]", o.waitlist_mode.trim())),
        )?;
        Ok(())
    })
}
