//! Venues of an organisation (managers), and shared venues (regional administrators).

use diesel::prelude::*;

use crate::db::models::Venue;
use crate::db::schema::{municipalities, venues};
use crate::db::{DbConnection, write_tx};
use crate::domain::access::Access;
use crate::error::{Error, FieldError, Msg, Result};
use crate::store::audit::{Entry, record};
use crate::store::slugs;

/// A venue as submitted.
#[derive(Debug, Clone, Default)]
pub struct VenueInput {
    pub name: String,
    pub address: String,
    pub municipality_id: Option<i64>,
    pub room: String,
    pub postal_code: String,
    pub capacity: Option<i64>,
    pub step_free_access: bool,
    pub accessibility_notes: String,
    pub wifi: bool,
    pub computers: Option<i64>,
    pub directions: String,
}

impl VenueInput {
    fn check(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        let e = |f: &str, k: &str| FieldError::new(f, Msg::new(k));
        if self.name.trim().is_empty() {
            errors.push(e("name", "admin-error-required"));
        } else if self.name.chars().count() > 200 {
            errors.push(e("name", "admin-error-too-long"));
        }
        if self.address.trim().is_empty() {
            errors.push(e("address", "admin-error-required"));
        }
        if self.municipality_id.is_none() {
            errors.push(e("municipality_id", "admin-error-required"));
        }
        if self.capacity.is_some_and(|c| !(1..=10_000).contains(&c)) {
            errors.push(e("capacity", "admin-error-number"));
        }
        if self.computers.is_some_and(|c| !(0..=10_000).contains(&c)) {
            errors.push(e("computers", "admin-error-number"));
        }
        for (f, t) in [
            ("accessibility_notes", &self.accessibility_notes),
            ("directions", &self.directions),
        ] {
            if t.chars().count() > 2000 {
                errors.push(e(f, "admin-error-too-long"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(errors))
        }
    }

    /// The columns the form sets, trimmed; an empty optional field is NULL.
    fn fields(&self) -> Fields<'_> {
        Fields {
            municipality_id: self.municipality_id.unwrap_or_default(),
            name: self.name.trim(),
            address: self.address.trim(),
            postal_code: opt(&self.postal_code),
            room: opt(&self.room),
            capacity: self.capacity.map(|c| c as i32),
            step_free_access: self.step_free_access,
            accessibility_notes: self.accessibility_notes.trim(),
            wifi: self.wifi,
            computers: self.computers.unwrap_or(0) as i32,
            directions: self.directions.trim(),
        }
    }

    /// The municipality chosen exists.
    fn check_town(&self, conn: &mut DbConnection) -> Result<()> {
        let town: i64 = municipalities::table
            .find(self.municipality_id.unwrap_or_default())
            .count()
            .get_result(conn)?;
        if town == 0 {
            return Err(Error::field("municipality_id", "admin-error-choice"));
        }
        Ok(())
    }
}

/// The columns a venue form sets (the same on creation and on change).
#[derive(AsChangeset, Insertable)]
#[diesel(table_name = venues, treat_none_as_null = true)]
struct Fields<'a> {
    municipality_id: i64,
    name: &'a str,
    address: &'a str,
    postal_code: Option<&'a str>,
    room: Option<&'a str>,
    capacity: Option<i32>,
    step_free_access: bool,
    accessibility_notes: &'a str,
    wifi: bool,
    computers: i32,
    directions: &'a str,
}

/// A trimmed optional field: `None` when empty.
fn opt(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// Who may change a venue: its organisation's managers; a shared venue (no owner),
/// the regional administrators.
fn may_change(who: &Access, owner: Option<i64>) -> bool {
    match owner {
        Some(o) => who.can_manage(o),
        None => who.can_administer_region(),
    }
}

/// The venues an organisation may use: its own and the shared ones.
pub fn usable_by(conn: &mut DbConnection, organisation_id: i64) -> QueryResult<Vec<Venue>> {
    venues::table
        .filter(
            venues::organisation_id
                .eq(organisation_id)
                .or(venues::organisation_id.is_null()),
        )
        .order(venues::name)
        .select(Venue::as_select())
        .load(conn)
}

/// Creates a venue of the organisation; returns its id.
pub fn create(
    conn: &mut DbConnection,
    who: &Access,
    organisation_id: i64,
    v: &VenueInput,
) -> Result<i64> {
    if !who.can_manage(organisation_id) {
        return Err(Error::Forbidden);
    }
    v.check()?;
    write_tx(conn, |conn| {
        crate::store::known_organisation(conn, organisation_id)?;
        v.check_town(conn)?;
        let slug = slugs::free(conn, &slugs::base(v.name.trim(), "lieu"), |c, s| {
            venues::table
                .filter(venues::slug.eq(s))
                .count()
                .get_result::<i64>(c)
                .map(|n| n > 0)
        })?;
        diesel::insert_into(venues::table)
            .values((
                venues::organisation_id.eq(organisation_id),
                venues::slug.eq(&slug),
                v.fields(),
            ))
            .execute(conn)?;
        let id = venues::table
            .filter(venues::slug.eq(&slug))
            .select(venues::id)
            .first(conn)?;
        record(
            conn,
            &Entry::new(who.user_id, "create", "venue", Some(id))
                .org(organisation_id)
                .detail(v.name.trim()),
        )?;
        Ok(id)
    })
}

/// Changes a venue (its organisation's managers; shared venues: administrators).
pub fn update(conn: &mut DbConnection, who: &Access, id: i64, v: &VenueInput) -> Result<()> {
    v.check()?;
    write_tx(conn, |conn| {
        let owner: Option<i64> = venues::table
            .find(id)
            .select(venues::organisation_id)
            .first(conn)
            .optional()?
            .ok_or(Error::NotFound)?;
        if !may_change(who, owner) {
            return Err(Error::Forbidden);
        }
        v.check_town(conn)?;
        diesel::update(venues::table.find(id))
            .set(v.fields())
            .execute(conn)?;
        let mut e = Entry::new(who.user_id, "update", "venue", Some(id)).detail(v.name.trim());
        e.organisation_id = owner;
        record(conn, &e)?;
        Ok(())
    })
}

/// One venue, for its edit page (same rule as [`update`]).
pub fn for_edit(conn: &mut DbConnection, who: &Access, id: i64) -> Result<Venue> {
    let v: Venue = venues::table
        .find(id)
        .select(Venue::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    if may_change(who, v.organisation_id) {
        Ok(v)
    } else {
        Err(Error::Forbidden)
    }
}
