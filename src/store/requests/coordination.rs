//! Who coordinates which MRC's requests, for which team (the regional administrator's
//! page).

use super::*;

/// A coordinator as the region page lists them.
#[derive(Debug, Clone)]
pub struct CoordinatorRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub mrc_id: i64,
    pub mrc_name: String,
    pub team: String,
}

/// Every coordinator, by MRC then name.
pub fn coordinator_list(conn: &mut DbConnection, who: &Access) -> Result<Vec<CoordinatorRow>> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    let rows: Vec<(i64, String, String, i64, String, String)> = coordinators::table
        .inner_join(users::table)
        .inner_join(mrcs::table)
        .inner_join(organisations::table)
        .order((mrcs::name, users::name))
        .select((
            users::id,
            users::name,
            users::email,
            mrcs::id,
            mrcs::name,
            organisations::name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(user_id, name, email, mrc_id, mrc_name, team)| CoordinatorRow {
                user_id,
                name,
                email,
                mrc_id,
                mrc_name,
                team,
            },
        )
        .collect())
}

/// Names the account with this email the coordinator of an MRC's requests, for a team
/// (the regional administrator does). The person becomes an editor of the team's
/// organisation if they had no role there, so they can follow the sessions they make.
pub fn appoint(
    conn: &mut DbConnection,
    who: &Access,
    email: &str,
    mrc_id: i64,
    organisation_id: i64,
) -> Result<()> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let user = crate::store::users::id_by_email(conn, email)?;
        let mut fields = Vec::new();
        if user.is_none() {
            fields.push(crate::error::FieldError::new(
                "email",
                Msg::new("moderation-error-no-account"),
            ));
        }
        let mrc: i64 = mrcs::table.find(mrc_id).count().get_result(conn)?;
        if mrc == 0 {
            fields.push(crate::error::FieldError::new(
                "mrc_id",
                Msg::new("admin-error-choice"),
            ));
        }
        let org: i64 = organisations::table
            .find(organisation_id)
            .count()
            .get_result(conn)?;
        if org == 0 {
            fields.push(crate::error::FieldError::new(
                "organisation_id",
                Msg::new("admin-error-choice"),
            ));
        }
        let Some(user_id) = user.filter(|_| fields.is_empty()) else {
            return Err(Error::Invalid(fields));
        };
        diesel::delete(
            coordinators::table
                .filter(coordinators::user_id.eq(user_id))
                .filter(coordinators::mrc_id.eq(mrc_id)),
        )
        .execute(conn)?;
        diesel::insert_into(coordinators::table)
            .values((
                coordinators::user_id.eq(user_id),
                coordinators::mrc_id.eq(mrc_id),
                coordinators::organisation_id.eq(organisation_id),
                coordinators::created_at.eq(crate::db::now()),
            ))
            .execute(conn)?;
        let member: i64 = memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::organisation_id.eq(organisation_id))
            .count()
            .get_result(conn)?;
        if member == 0 {
            diesel::insert_into(memberships::table)
                .values((
                    memberships::user_id.eq(user_id),
                    memberships::organisation_id.eq(organisation_id),
                    memberships::role.eq(Role::Editor),
                    memberships::created_at.eq(crate::db::now()),
                ))
                .execute(conn)?;
        }
        record(
            conn,
            &Entry::new(who.user_id, "add_coordinator", "mrc", Some(mrc_id))
                .org(organisation_id)
                .detail(format!("user #{user_id}")),
        )?;
        Ok(())
    })
}

/// Takes a coordinator off an MRC (their membership in the team stays).
pub fn dismiss(conn: &mut DbConnection, who: &Access, user_id: i64, mrc_id: i64) -> Result<()> {
    if !who.can_administer_region() {
        return Err(Error::Forbidden);
    }
    write_tx(conn, |conn| {
        let n = diesel::delete(
            coordinators::table
                .filter(coordinators::user_id.eq(user_id))
                .filter(coordinators::mrc_id.eq(mrc_id)),
        )
        .execute(conn)?;
        if n > 0 {
            record(
                conn,
                &Entry::new(who.user_id, "remove_coordinator", "mrc", Some(mrc_id))
                    .detail(format!("user #{user_id}")),
            )?;
        }
        Ok(())
    })
}
