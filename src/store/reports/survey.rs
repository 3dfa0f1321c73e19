//! The three-question survey after a session, as counts (`survey_answers`: useful and
//! clear from 1 « non » to 3 « oui », and « et ensuite? » as free text). The form and
//! its answers are `store::outcomes`'s; this only reads them. Free text is for the
//! staff of the session's organisation (the report is already narrowed to theirs) and
//! never reaches the public page; the retention purge empties it, and empty answers are
//! skipped.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::bounds;
use crate::db::DbConnection;
use crate::db::schema::{sessions, survey_answers};
use crate::domain::report::{ReportFilter, SessionFacts, SurveyCounts};

/// Most free-text answers a report lists (the newest).
pub const MAX_COMMENTS: i64 = 200;

/// One « et ensuite? » answer.
#[derive(Debug, Clone)]
pub struct Comment {
    pub session_id: i64,
    pub text: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Default)]
pub struct Survey {
    pub by_session: BTreeMap<i64, SurveyCounts>,
    pub comments: Vec<Comment>,
}

impl Survey {
    pub fn total(&self) -> SurveyCounts {
        let mut t = SurveyCounts::default();
        for c in self.by_session.values() {
            t.add(c);
        }
        t
    }
}

/// The answers of the report's sessions: one grouped query for the counts, one for
/// the newest non-empty free-text answers.
pub fn survey(
    conn: &mut DbConnection,
    f: &ReportFilter,
    kept: &[SessionFacts],
) -> QueryResult<Survey> {
    let window = bounds(f.from, f.to);
    let ids: BTreeSet<i64> = kept.iter().map(|s| s.id).collect();
    let rows: Vec<(i64, i64, i64, i64)> = survey_answers::table
        .inner_join(sessions::table)
        .filter(sessions::starts_at.ge(window.0))
        .filter(sessions::starts_at.lt(window.1))
        .group_by(survey_answers::session_id)
        .select((
            survey_answers::session_id,
            sql::<BigInt>("COUNT(*)"),
            sql::<BigInt>(
                "COALESCE(SUM(CASE WHEN survey_answers.useful = 3 THEN 1 ELSE 0 END), 0)",
            ),
            sql::<BigInt>("COALESCE(SUM(CASE WHEN survey_answers.clear = 3 THEN 1 ELSE 0 END), 0)"),
        ))
        .load(conn)?;
    let by_session = rows
        .into_iter()
        .filter(|r| ids.contains(&r.0))
        .map(|(id, answers, useful_yes, clear_yes)| {
            (
                id,
                SurveyCounts {
                    answers,
                    useful_yes,
                    clear_yes,
                },
            )
        })
        .collect();
    let comments: Vec<(i64, String, NaiveDateTime)> = survey_answers::table
        .inner_join(sessions::table)
        .filter(sessions::starts_at.ge(window.0))
        .filter(sessions::starts_at.lt(window.1))
        .filter(survey_answers::next_step.ne(""))
        .filter(survey_answers::session_id.eq_any(ids.iter().copied().collect::<Vec<_>>()))
        .order((
            survey_answers::created_at.desc(),
            survey_answers::registration_id.desc(),
        ))
        .limit(MAX_COMMENTS)
        .select((
            survey_answers::session_id,
            survey_answers::next_step,
            survey_answers::created_at,
        ))
        .load(conn)?;
    Ok(Survey {
        by_session,
        comments: comments
            .into_iter()
            .filter(|(_, text, _)| !text.trim().is_empty())
            .map(|(session_id, text, created_at)| Comment {
                session_id,
                text,
                created_at,
            })
            .collect(),
    })
}
