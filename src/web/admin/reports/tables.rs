//! The report's tables, built once for the page and for the CSV (same rows, same
//! headings), and its key figures in words.

use serde::Serialize;

use crate::domain::report::{Held, Line, SessionFacts, SurveyCounts, percent, ratio};
use crate::domain::time;
use crate::store::reports::{Report, survey_by};
use crate::web::i18n::{I18n, Lang};
use crate::web::public::calendar::month_title;

/// A table: headings and rows of text.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One key figure: what, how many, and what it means when it needs saying.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub note: Option<String>,
}

pub struct Words<'a> {
    pub i18n: &'a I18n,
    pub lang: Lang,
}

impl Words<'_> {
    pub fn t(&self, key: &str) -> String {
        self.i18n.t(self.lang, key)
    }

    /// « 67 % » / "67%", or « — » without a base.
    pub fn share(&self, share: Option<f64>) -> String {
        match share {
            Some(s) => self.i18n.tr(
                self.lang,
                "reports-percent",
                &[("value", percent(s).into())],
            ),
            None => "—".to_owned(),
        }
    }

    /// Minutes as hours: « 12,5 » / "12.5".
    pub fn hours(&self, minutes: i64) -> String {
        let tenths = (minutes as f64 / 6.0).round() as i64;
        let s = if tenths % 10 == 0 {
            format!("{}", tenths / 10)
        } else {
            format!("{}.{}", tenths / 10, tenths % 10)
        };
        match self.lang {
            Lang::Fr => s.replace('.', ","),
            Lang::En => s,
        }
    }

    fn heads(&self, keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| self.t(k)).collect()
    }

    pub fn place(&self, report: &Report, town: Option<i64>) -> String {
        town.and_then(|t| report.names.municipalities.get(&t).cloned())
            .unwrap_or_else(|| self.t("reports-place-none"))
    }

    pub fn topic(&self, report: &Report, id: i64) -> String {
        report
            .names
            .topics
            .get(&id)
            .map(|t| t.name(self.lang).to_owned())
            .unwrap_or_default()
    }
}

/// The key figures of the period.
pub fn figures(w: &Words, r: &Report) -> Vec<Figure> {
    let t = &r.summary.totals;
    let n = |v: i64| v.to_string();
    let fig = |key: &str, value: String, note: Option<String>| Figure {
        label: w.t(key),
        value,
        note,
    };
    vec![
        fig("reports-fig-held", n(t.sessions_held), None),
        fig("reports-fig-cancelled", n(t.sessions_cancelled), None),
        fig("reports-fig-to-come", n(t.sessions_to_come), None),
        fig(
            "reports-fig-seats-offered",
            n(t.seats_offered),
            Some(w.t("reports-fig-seats-offered-note")),
        ),
        fig("reports-fig-registrations", n(t.registrations), None),
        fig("reports-fig-seats", n(t.seats), None),
        fig("reports-fig-present", n(t.present), None),
        fig("reports-fig-absent", n(t.absent), None),
        fig(
            "reports-fig-unrecorded",
            n(t.unrecorded),
            Some(w.t("reports-fig-unrecorded-note")),
        ),
        fig(
            "reports-fig-rate",
            w.share(t.attendance_rate()),
            Some(w.t("reports-fig-rate-note")),
        ),
        fig(
            "reports-fig-unmet",
            n(t.unmet),
            Some(w.t("reports-fig-unmet-note")),
        ),
        fig("reports-fig-waiting-now", n(t.waiting_now), None),
        fig(
            "reports-fig-interest",
            n(t.interest_signups),
            Some(w.t("reports-fig-interest-note")),
        ),
        fig("reports-fig-newcomers", n(t.newcomers), None),
        fig(
            "reports-fig-returning",
            n(t.returning),
            Some(w.share(t.returning_share())),
        ),
        fig(
            "reports-fig-staff",
            n(t.by_staff),
            Some(w.share(t.staff_share())),
        ),
        fig(
            "reports-fig-seniors",
            n(t.seniors),
            Some(w.t("reports-fig-seniors-note")),
        ),
        fig("reports-fig-hours", w.hours(t.minutes), None),
        fig(
            "reports-fig-participant-hours",
            w.hours(t.participant_minutes),
            None,
        ),
        fig("helpers-reports-fig-helpers", n(t.helpers), None),
        fig(
            "helpers-reports-fig-hours",
            w.hours(t.helper_minutes),
            Some(w.t("helpers-reports-fig-hours-note")),
        ),
    ]
}

fn line_cells(w: &Words, l: &Line) -> Vec<String> {
    vec![
        l.sessions_held.to_string(),
        l.seats_offered.to_string(),
        l.seats.to_string(),
        l.present.to_string(),
        l.absent.to_string(),
        l.waiting.to_string(),
        w.share(l.pressure()),
        w.hours(l.minutes),
    ]
}

const LINE_HEADS: &[&str] = &[
    "reports-col-held",
    "reports-col-seats-offered",
    "reports-col-seats",
    "reports-col-present",
    "reports-col-absent",
    "reports-col-waiting",
    "reports-col-pressure",
    "reports-col-hours",
];

fn with_first(w: &Words, first: &str) -> Vec<String> {
    let mut head = vec![w.t(first)];
    head.extend(w.heads(LINE_HEADS));
    head
}

pub fn by_month(w: &Words, r: &Report) -> Table {
    Table {
        head: with_first(w, "reports-col-month"),
        rows: r
            .summary
            .by_month
            .iter()
            .map(|(m, l)| {
                let mut row = vec![month_title(*m, w.lang)];
                row.extend(line_cells(w, l));
                row
            })
            .collect(),
    }
}

/// Towns, most people present first.
pub fn by_municipality(w: &Words, r: &Report) -> Table {
    let mut lines: Vec<_> = r.summary.by_municipality.iter().collect();
    lines.sort_by(|a, b| {
        b.1.present
            .cmp(&a.1.present)
            .then(b.1.seats.cmp(&a.1.seats))
    });
    Table {
        head: with_first(w, "reports-col-municipality"),
        rows: lines
            .into_iter()
            .map(|(town, l)| {
                let mut row = vec![w.place(r, *town)];
                row.extend(line_cells(w, l));
                row
            })
            .collect(),
    }
}

/// Topics, most people present first.
pub fn by_topic(w: &Words, r: &Report) -> Table {
    let mut lines: Vec<_> = r.summary.by_topic.iter().collect();
    lines.sort_by(|a, b| {
        b.1.present
            .cmp(&a.1.present)
            .then(b.1.seats.cmp(&a.1.seats))
    });
    Table {
        head: with_first(w, "reports-col-topic"),
        rows: lines
            .into_iter()
            .map(|(topic, l)| {
                let mut row = vec![w.topic(r, *topic)];
                row.extend(line_cells(w, l));
                row
            })
            .collect(),
    }
}

fn held_word(w: &Words, h: Held) -> String {
    w.t(match h {
        Held::Held => "reports-held-held",
        Held::Cancelled => "reports-held-cancelled",
        Held::ToCome => "reports-held-to-come",
    })
}

/// Every session of the period (the CSV's main table).
pub fn sessions(w: &Words, r: &Report) -> Table {
    let head = w.heads(&[
        "reports-col-session",
        "reports-col-date",
        "reports-col-organisation",
        "reports-col-municipality",
        "reports-col-topics",
        "reports-col-state",
        "reports-col-seats-offered",
        "reports-col-registrations",
        "reports-col-staff",
        "reports-col-seats",
        "reports-col-present",
        "reports-col-absent",
        "reports-col-unrecorded",
        "reports-col-waiting",
        "reports-col-newcomers",
        "reports-col-returning",
        "reports-col-seniors",
        "reports-col-hours",
        "reports-col-participant-hours",
        "reports-col-answers",
        "reports-col-useful",
        "reports-col-clear",
        // Added last (issue 17), so the columns before keep their places.
        "helpers-reports-col-helpers",
        "helpers-reports-col-hours",
    ]);
    let rows = r
        .sessions
        .iter()
        .map(|s: &SessionFacts| {
            let c = &s.counts;
            let answers = r.survey.by_session.get(&s.id).copied().unwrap_or_default();
            let local = time::local(s.starts_at);
            let held = s.held == Held::Held;
            vec![
                s.title.clone(),
                local.format("%Y-%m-%d %H:%M").to_string(),
                r.names
                    .organisations
                    .get(&s.organisation_id)
                    .cloned()
                    .unwrap_or_default(),
                w.place(r, s.municipality_id),
                s.topic_ids
                    .iter()
                    .map(|t| w.topic(r, *t))
                    .collect::<Vec<_>>()
                    .join(", "),
                held_word(w, s.held),
                s.seats_offered().to_string(),
                c.registrations.to_string(),
                c.by_staff.to_string(),
                c.seats.to_string(),
                c.present.to_string(),
                c.absent.to_string(),
                if held {
                    c.unrecorded.to_string()
                } else {
                    String::new()
                },
                c.waiting.to_string(),
                c.newcomers.to_string(),
                c.returning.to_string(),
                s.seniors_present().to_string(),
                if held {
                    w.hours(s.minutes())
                } else {
                    String::new()
                },
                if held {
                    w.hours(s.minutes() * c.present)
                } else {
                    String::new()
                },
                answers.answers.to_string(),
                w.share(answers.useful_share()),
                w.share(answers.clear_share()),
                c.helpers.to_string(),
                if held {
                    w.hours(crate::domain::helpers::helper_minutes(
                        c.helpers,
                        s.minutes(),
                    ))
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    Table { head, rows }
}

fn survey_rows(w: &Words, rows: Vec<(String, SurveyCounts)>) -> Vec<Vec<String>> {
    rows.into_iter()
        .map(|(name, c)| {
            vec![
                name,
                c.answers.to_string(),
                w.share(c.useful_share()),
                w.share(c.clear_share()),
            ]
        })
        .collect()
}

/// Survey results per topic, per trainer and per session (sessions with answers).
pub fn survey(w: &Words, r: &Report) -> [Table; 3] {
    let head = |first: &str| {
        w.heads(&[
            first,
            "reports-col-answers",
            "reports-col-useful",
            "reports-col-clear",
        ])
    };
    let topics = survey_by(r, |s| s.topic_ids.clone())
        .into_iter()
        .map(|(t, c)| (w.topic(r, t), c))
        .collect();
    let trainers = survey_by(r, |s| s.trainer_ids.clone())
        .into_iter()
        .map(|(t, c)| (r.names.trainers.get(&t).cloned().unwrap_or_default(), c))
        .collect();
    let sessions = r
        .sessions
        .iter()
        .filter_map(|s| {
            let c = r.survey.by_session.get(&s.id)?;
            let day = time::date_short(time::local(s.starts_at).date_naive(), w.lang);
            Some((format!("{} — {day}", s.title), *c))
        })
        .collect();
    [
        Table {
            head: head("reports-col-topic"),
            rows: survey_rows(w, topics),
        },
        Table {
            head: head("reports-col-trainer"),
            rows: survey_rows(w, trainers),
        },
        Table {
            head: head("reports-col-session"),
            rows: survey_rows(w, sessions),
        },
    ]
}

/// The share that `part` is of `whole`, as words (for summaries).
pub fn share_of(w: &Words, part: i64, whole: i64) -> String {
    w.share(ratio(part, whole))
}
