//! Partners' calendars in the back office (issue 12, item 1): the feeds of the
//! organisations the person manages (the regional administrator: all), registering one
//! by address or by an uploaded `.ics` file, its defaults and keyword rules, and
//! « Importer maintenant », which reads it at once and shows what changed. The form is
//! `form`; its body (urlencoded, or multipart with a file) is `posted`.

pub mod form;
pub mod posted;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::Serialize;

use self::form::{FormView, Lists, SourceForm};
use self::posted::{Posted, Upload};
use super::{Chrome, Staff, StaffPage, see_other};
use crate::db::models::{Organisation, Venue};
use crate::db::now;
use crate::domain::time::datetime_long;
use crate::error::FieldError;
use crate::store;
use crate::store::catalogue::Catalogue;
use crate::store::imports::{ImportSummary, SourceView};
use crate::web::i18n::Lang;
use crate::web::{AppError, AppResult, AppState, read_as, render, write, write_as};

/// A feed in the list.
#[derive(Debug, Serialize)]
struct SourceRow {
    id: i64,
    name: String,
    organisation: String,
    /// The address, or `None` for an uploaded file.
    url: Option<String>,
    fetched: Option<String>,
    next_fetch: Option<String>,
    last_error: Option<String>,
    trusted: bool,
    takes_registrations: bool,
}

fn row(lang: Lang, v: &SourceView) -> SourceRow {
    let s = &v.source;
    SourceRow {
        id: s.id,
        name: s.name.clone(),
        organisation: v.organisation_name.clone(),
        url: s.url.clone(),
        fetched: s.fetched_at.map(|t| datetime_long(t, lang)),
        next_fetch: s
            .url
            .as_ref()
            .and(s.next_fetch_at)
            .map(|t| datetime_long(t, lang)),
        last_error: s.last_error.clone(),
        trusted: s.trusted,
        takes_registrations: s.takes_registrations,
    }
}

/// What an import did, as the page says it.
#[derive(Debug, Default, Serialize)]
struct SummaryView {
    /// `304 Not Modified`: the feed did not change since the last read.
    not_modified: bool,
    /// Why the feed could not be read or applied (as the reader says it).
    failed: Option<String>,
    counts: Vec<(String, usize)>,
    refused: Vec<String>,
}

fn summary_view(state: &AppState, lang: Lang, s: &ImportSummary) -> SummaryView {
    let counts = [
        ("new", s.new),
        ("updated", s.updated),
        ("cancelled", s.cancelled),
        ("queued", s.queued),
        ("merged", s.merged),
        ("unchanged", s.unchanged),
        ("past", s.past),
        ("refused", s.refused.len()),
    ]
    .into_iter()
    .map(|(k, n)| (state.i18n.t(lang, &format!("sources-summary-{k}")), n))
    .collect();
    SummaryView {
        counts,
        refused: s
            .refused
            .iter()
            .map(|r| match &r.uid {
                Some(uid) => format!("{uid} : {}", r.reason),
                None => r.reason.clone(),
            })
            .collect(),
        ..SummaryView::default()
    }
}

#[derive(Debug, Serialize)]
struct SourcesPage {
    chrome: Chrome,
    /// `list` (the feeds and the form for a new one) or `edit` (one feed).
    mode: &'static str,
    action: String,
    sources: Vec<SourceRow>,
    /// The feed of the edit page.
    source: Option<SourceRow>,
    form: FormView,
    summary: Option<SummaryView>,
    max_file_mb: usize,
}

/// Everything the pages offer, read once: the person's feeds, the organisations they
/// manage, the vocabulary, and (for one feed) the venues its organisation may use.
struct Loaded {
    sources: Vec<SourceView>,
    organisations: Vec<Organisation>,
    catalogue: Catalogue,
    venues: Vec<Venue>,
}

impl Loaded {
    /// One of the feeds the person may see.
    fn feed(&self, id: i64) -> Option<&SourceView> {
        self.sources.iter().find(|s| s.source.id == id)
    }
}

async fn load(state: &AppState, who: &Staff, feed: Option<i64>) -> AppResult<Loaded> {
    if !manages_any(who) {
        return Err(AppError::Forbidden);
    }
    read_as(state, &who.access, move |conn, access| {
        let sources = store::imports::list_sources(conn, access)?;
        let venues = match feed {
            Some(id) => {
                let Some(v) = sources.iter().find(|s| s.source.id == id) else {
                    // Someone else's feed, or none at all.
                    store::imports::source(conn, id)?;
                    return Err(crate::store::Error::Forbidden);
                };
                store::venues::usable_by(conn, v.source.organisation_id)?
            }
            None => Vec::new(),
        };
        let organisations = store::members::organisations_for(conn, access)?
            .into_iter()
            .filter(|o| access.can_manage(o.id))
            .collect();
        Ok(Loaded {
            sources,
            organisations,
            catalogue: store::catalogue::catalogue(conn)?,
            venues,
        })
    })
    .await
}

fn manages_any(who: &Staff) -> bool {
    let a = &who.access;
    a.is_admin || a.memberships.iter().any(|(o, _)| a.can_manage(*o))
}

/// One page request's parts, to render the list or a feed's page.
struct Page<'a> {
    state: &'a AppState,
    req: &'a HttpRequest,
    lang: Lang,
    who: &'a Staff,
    loaded: &'a Loaded,
}

impl Page<'_> {
    fn render(
        &self,
        feed: Option<i64>,
        values: SourceForm,
        errors: &[FieldError],
        summary: Option<SummaryView>,
    ) -> AppResult<HttpResponse> {
        let Page {
            state,
            req,
            lang,
            who,
            loaded,
        } = *self;
        let lists = Lists {
            organisations: &loaded.organisations,
            kinds: &loaded.catalogue.kinds,
            audiences: &loaded.catalogue.audiences,
            topics: &loaded.catalogue.topics,
            municipalities: &loaded.catalogue.municipalities,
            venues: &loaded.venues,
        };
        let errors: Vec<(FieldError, String)> = errors
            .iter()
            .map(|e| (e.clone(), state.i18n.msg(lang, &e.msg)))
            .collect();
        let failed = !errors.is_empty();
        let form = FormView::new(lang, &lists, values, errors, who.access.is_admin);
        let source = feed.and_then(|id| loaded.feed(id).map(|v| row(lang, v)));
        let (mode, action, title) = match &source {
            Some(s) => ("edit", format!("/admin/sources/{}", s.id), s.name.clone()),
            None => (
                "list",
                "/admin/sources".to_owned(),
                state.i18n.t(lang, "sources-title"),
            ),
        };
        let view = SourcesPage {
            chrome: Chrome::new(req, state, lang, who),
            mode,
            action,
            sources: if source.is_none() {
                loaded.sources.iter().map(|v| row(lang, v)).collect()
            } else {
                Vec::new()
            },
            source,
            form,
            summary,
            max_file_mb: posted::MAX_FILE / (1024 * 1024),
        };
        let mut res = render(req, state, lang, "admin/sources.html", title, &view)?;
        if failed {
            *res.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
        }
        Ok(res)
    }
}

/// `GET /admin/sources`: the person's feeds and the form for a new one.
pub async fn list(StaffPage(state, req, lang, who): StaffPage) -> AppResult<HttpResponse> {
    let loaded = load(&state, &who, None).await?;
    let mut values = SourceForm {
        refresh_minutes: "360".into(),
        ..SourceForm::default()
    };
    if let [only] = loaded.organisations.as_slice() {
        values.organisation_id = only.id.to_string();
    }
    Page {
        state: &state,
        req: &req,
        lang,
        who: &who,
        loaded: &loaded,
    }
    .render(None, values, &[], None)
}

/// `GET /admin/sources/{id}`: one feed, its settings, and « Importer maintenant ».
pub async fn edit(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let loaded = load(&state, &who, Some(id)).await?;
    let values = loaded
        .feed(id)
        .map(SourceForm::of)
        .ok_or(AppError::NotFound)?;
    Page {
        state: &state,
        req: &req,
        lang,
        who: &who,
        loaded: &loaded,
    }
    .render(Some(id), values, &[], None)
}

/// Reads an uploaded file into a feed and applies it, as `babillard import FILE` does.
async fn apply_file(
    state: &AppState,
    id: i64,
    file: Upload,
    at: NaiveDateTime,
) -> AppResult<Result<ImportSummary, String>> {
    write(state, move |conn| {
        tracing::info!(source_id = id, file = %file.file_name, bytes = file.bytes.len(), "uploaded calendar");
        Ok(
            crate::jobs::imports::import_bytes(conn, id, &file.bytes, at, false)
                .map_err(|e| format!("{e:#}")),
        )
    })
    .await
}

/// Fetches a feed's address now (without holding a database connection while the
/// partner's server answers), then applies it and records the fetch or the failure,
/// as the `imports` job does.
async fn fetch_and_apply(
    state: &AppState,
    v: &SourceView,
    at: NaiveDateTime,
) -> AppResult<Result<Option<ImportSummary>, String>> {
    use crate::jobs::imports::{Refreshed, fetch_source, settle};
    let id = v.source.id;
    let source = v.source.clone();
    let settings = state.settings.clone();
    let fetched = web::block(move || fetch_source(&source, &settings))
        .await?
        .map_err(AppError::Unexpected)?;
    write(state, move |conn| {
        Ok(match settle(conn, id, fetched, at) {
            Ok(Refreshed::Unchanged) => Ok(None),
            Ok(Refreshed::Imported(summary)) => Ok(Some(summary)),
            Err(e) => Err(format!("{e:#}")),
        })
    })
    .await
}

fn summary_of(
    state: &AppState,
    lang: Lang,
    outcome: Result<Option<ImportSummary>, String>,
) -> SummaryView {
    match outcome {
        Ok(Some(s)) => summary_view(state, lang, &s),
        Ok(None) => SummaryView {
            not_modified: true,
            ..SummaryView::default()
        },
        Err(why) => SummaryView {
            failed: Some(why),
            ..SummaryView::default()
        },
    }
}

/// `POST /admin/sources`: registers a feed, by address (then its page, where
/// « Importer maintenant » reads it) or with an uploaded file (read at once: the page
/// shows what it did).
pub async fn create(
    StaffPage(state, req, lang, who): StaffPage,
    posted: Posted,
) -> AppResult<HttpResponse> {
    let f: SourceForm = posted.form()?;
    let loaded = load(&state, &who, None).await?;
    let page = Page {
        state: &state,
        req: &req,
        lang,
        who: &who,
        loaded: &loaded,
    };
    let mut input = match f.parse() {
        Ok(i) => i,
        Err(errors) => return page.render(None, f, &errors, None),
    };
    let file = posted.file;
    match (&input.url, &file) {
        (Some(_), Some(_)) | (None, None) => {
            return page.render(
                None,
                f,
                &[FieldError::new(
                    "url",
                    crate::error::Msg::new("sources-error-url-or-file"),
                )],
                None,
            );
        }
        (None, Some(upload)) if input.name.trim().is_empty() => {
            // A file's name is a fair default for its feed's.
            let stem = upload
                .file_name
                .rsplit_once('.')
                .map_or(upload.file_name.as_str(), |(s, _)| s);
            input.name = stem.chars().take(200).collect();
        }
        _ => {}
    }
    let result = write_as(&state, &who.access, move |conn, access| {
        store::imports::register_source(conn, access, &input)
    })
    .await;
    let id = match result {
        Ok(id) => id,
        Err(AppError::Validation(errors)) => return page.render(None, f, &errors, None),
        Err(e) => return Err(e),
    };
    let Some(upload) = file else {
        return Ok(see_other(&format!("/admin/sources/{id}"), "source-created"));
    };
    let outcome = apply_file(&state, id, upload, now()).await?;
    let summary = summary_of(&state, lang, outcome.map(Some));
    show_after_import(&state, &req, lang, &who, id, summary).await
}

/// The feed's page with what an import did.
async fn show_after_import(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    who: &Staff,
    id: i64,
    summary: SummaryView,
) -> AppResult<HttpResponse> {
    let loaded = load(state, who, Some(id)).await?;
    let values = loaded
        .feed(id)
        .map(SourceForm::of)
        .ok_or(AppError::NotFound)?;
    Page {
        state,
        req,
        lang,
        who,
        loaded: &loaded,
    }
    .render(Some(id), values, &[], Some(summary))
}

/// `POST /admin/sources/{id}`: changes a feed's address, name and defaults.
pub async fn update(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
    posted: Posted,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let f: SourceForm = posted.form()?;
    let loaded = load(&state, &who, Some(id)).await?;
    let page = Page {
        state: &state,
        req: &req,
        lang,
        who: &who,
        loaded: &loaded,
    };
    let input = match f.parse() {
        Ok(i) => i,
        Err(errors) => return page.render(Some(id), f, &errors, None),
    };
    let result = write_as(&state, &who.access, move |conn, access| {
        store::imports::update_source(conn, access, id, &input)
    })
    .await;
    match result {
        Ok(()) => Ok(see_other(&format!("/admin/sources/{id}"), "saved")),
        Err(AppError::Validation(errors)) => page.render(Some(id), f, &errors, None),
        Err(e) => Err(e),
    }
}

/// `POST /admin/sources/{id}/import`: « Importer maintenant ». A feed with an address
/// is fetched now; an uploaded file's feed takes the new version of the file sent with
/// the button. The page then shows what changed.
pub async fn import(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
    posted: Posted,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let loaded = load(&state, &who, Some(id)).await?;
    let v = loaded.feed(id).ok_or(AppError::NotFound)?;
    let at = now();
    let summary = match (&v.source.url, posted.file) {
        (Some(_), _) => summary_of(&state, lang, fetch_and_apply(&state, v, at).await?),
        (None, Some(upload)) => summary_of(
            &state,
            lang,
            apply_file(&state, id, upload, at).await?.map(Some),
        ),
        (None, None) => {
            let page = Page {
                state: &state,
                req: &req,
                lang,
                who: &who,
                loaded: &loaded,
            };
            return page.render(
                Some(id),
                SourceForm::of(v),
                &[FieldError::new(
                    "file",
                    crate::error::Msg::new("sources-error-file"),
                )],
                None,
            );
        }
    };
    show_after_import(&state, &req, lang, &who, id, summary).await
}
