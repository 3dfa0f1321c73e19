//! After a session, from the person's manage link (`/r/{token}/…`), without an account
//! or JavaScript: the three-question survey (answered once), the certificate of
//! attendance as PDF, and « Je veux un accompagnement » (asked once). All three are for
//! people marked present; anyone else gets a page saying so (403). Every `POST` checks
//! the CSRF field first; a `GET` never changes anything.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use crate::db::now;
use crate::domain::outcome::{self, Contact, Rating, RawFollowUp, RawSurvey};
use crate::domain::time;
use crate::error::{Error, FieldError};
use crate::store::outcomes::{self, Opened, requests, survey};
use crate::web::i18n::{I18n, Lang};
use crate::web::{AppError, AppResult, AppState, csrf, read, render, write};

/// The URLs of this area.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/r/{token}/survey")
            .app_data(web::FormConfig::default().limit(8 * 1024))
            .route(web::get().to(survey_form))
            .route(web::post().to(survey_answer)),
    )
    .service(web::resource("/r/{token}/certificate.pdf").route(web::get().to(certificate)))
    .service(
        web::resource("/r/{token}/follow-up")
            .app_data(web::FormConfig::default().limit(8 * 1024))
            .route(web::get().to(follow_up_form))
            .route(web::post().to(follow_up_ask)),
    );
}

/// One choice of a rating question.
#[derive(Serialize)]
struct RatingChoice {
    value: i32,
    label: String,
    checked: bool,
}

fn rating_choices(i18n: &I18n, lang: Lang, chosen: &str) -> Vec<RatingChoice> {
    let chosen = Rating::parse(chosen);
    Rating::ALL
        .iter()
        .map(|r| RatingChoice {
            value: r.value(),
            label: i18n.t(lang, &format!("outcome-rating-{}", r.slug())),
            checked: chosen == Some(*r),
        })
        .collect()
}

fn rating_label(i18n: &I18n, lang: Lang, r: Option<Rating>) -> String {
    r.map(|r| i18n.t(lang, &format!("outcome-rating-{}", r.slug())))
        .unwrap_or_default()
}

/// The field messages of a refused form, by field.
fn field_errors(i18n: &I18n, lang: Lang, errors: &[FieldError]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for e in errors {
        map.entry(e.field.clone())
            .or_insert_with(|| i18n.msg(lang, &e.msg));
    }
    map
}

/// The page for someone not marked present (403).
fn not_present(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    token: &str,
) -> AppResult<HttpResponse> {
    #[derive(Serialize)]
    struct View<'a> {
        token: &'a str,
    }
    let title = state.i18n.t(lang, "outcome-not-present-title");
    let mut res = render(
        req,
        state,
        lang,
        "public/survey_not_present.html",
        title,
        &View { token },
    )?;
    *res.status_mut() = StatusCode::FORBIDDEN;
    Ok(res)
}

#[derive(Serialize)]
struct SurveyView {
    token: String,
    title: String,
    when: String,
    useful: Vec<RatingChoice>,
    clear: Vec<RatingChoice>,
    next_step: String,
    errors: BTreeMap<String, String>,
    /// Set once answered: the message, and the answer kept.
    done: Option<String>,
    answer: Option<AnswerView>,
}

#[derive(Serialize)]
struct AnswerView {
    useful: String,
    clear: String,
    next_step: String,
}

impl SurveyView {
    fn new(state: &AppState, lang: Lang, token: &str, o: &Opened, raw: &RawSurvey) -> SurveyView {
        let s = &o.session.session;
        SurveyView {
            token: token.to_owned(),
            title: s.title.clone(),
            when: time::range_long(s.starts_at, s.ends_at, lang),
            useful: rating_choices(&state.i18n, lang, &raw.useful),
            clear: rating_choices(&state.i18n, lang, &raw.clear),
            next_step: raw.next_step.clone(),
            errors: BTreeMap::new(),
            done: None,
            answer: None,
        }
    }

    fn answered(mut self, state: &AppState, lang: Lang, key: &str, a: &survey::Answer) -> Self {
        self.done = Some(state.i18n.t(lang, key));
        self.answer = Some(AnswerView {
            useful: rating_label(&state.i18n, lang, a.useful),
            clear: rating_label(&state.i18n, lang, a.clear),
            next_step: a.next_step.clone(),
        });
        self
    }
}

/// The registration, and its survey answer if any.
async fn opened_with_answer(
    state: &AppState,
    token: &str,
) -> AppResult<(Opened, Option<survey::Answer>)> {
    let t = token.to_owned();
    read(state, move |c| {
        let o = outcomes::open(c, &t)?;
        let a = survey::of(c, o.registration.id)?;
        Ok((o, a))
    })
    .await
}

/// `GET /r/{token}/survey`: the three questions, or the answer already given.
pub async fn survey_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let (o, answer) = opened_with_answer(&state, &token).await?;
    if !o.present() {
        return not_present(&req, &state, lang, &token);
    }
    let mut view = SurveyView::new(&state, lang, &token, &o, &RawSurvey::default());
    if let Some(a) = &answer {
        view = view.answered(&state, lang, "outcome-survey-already", a);
    }
    let title = state.i18n.t(lang, "outcome-survey-title");
    render(&req, &state, lang, "public/survey.html", title, &view)
}

#[derive(Debug, Default, Deserialize)]
pub struct SurveyForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    useful: String,
    #[serde(default)]
    clear: String,
    #[serde(default)]
    next_step: String,
}

/// `POST /r/{token}/survey`: saves the answer once; a second answer is refused kindly
/// and the first one kept.
pub async fn survey_answer(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    form: web::Form<SurveyForm>,
) -> AppResult<HttpResponse> {
    csrf::verify(&req, &form.csrf_token)?;
    let token = token.into_inner();
    let form = form.into_inner();
    let raw = RawSurvey {
        useful: form.useful,
        clear: form.clear,
        next_step: form.next_step,
    };
    let parsed = outcome::parse_survey(&raw);
    let t = token.clone();
    let saved = match &parsed {
        Ok(a) => {
            let a = a.clone();
            match write(&state, move |c| survey::answer(c, &t, &a, now())).await {
                Ok(s) => Some(s),
                Err(AppError::Forbidden) => return not_present(&req, &state, lang, &token),
                Err(e) => return Err(e),
            }
        }
        Err(_) => None,
    };
    let (o, answer) = opened_with_answer(&state, &token).await?;
    if !o.present() {
        return not_present(&req, &state, lang, &token);
    }
    let title = state.i18n.t(lang, "outcome-survey-title");
    let mut view = SurveyView::new(&state, lang, &token, &o, &raw);
    match (saved, &answer, parsed) {
        (Some(s), Some(a), _) => {
            let key = match s {
                survey::Saved::Saved => "outcome-survey-thanks",
                survey::Saved::AlreadyAnswered => "outcome-survey-already",
            };
            view = view.answered(&state, lang, key, a);
            render(&req, &state, lang, "public/survey.html", title, &view)
        }
        // Refused input, unless they had answered already (then nothing to correct).
        (None, Some(a), _) => {
            view = view.answered(&state, lang, "outcome-survey-already", a);
            render(&req, &state, lang, "public/survey.html", title, &view)
        }
        (_, _, Err(errors)) => {
            view.errors = field_errors(&state.i18n, lang, &errors);
            let mut res = render(&req, &state, lang, "public/survey.html", title, &view)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        (_, None, Ok(_)) => Err(AppError::Unexpected(anyhow::anyhow!(
            "a saved survey answer was not found again"
        ))),
    }
}

/// A duration as « 1 h 30 » / "1 h 30 min".
fn duration(i18n: &I18n, lang: Lang, minutes: i64) -> String {
    i18n.tr(
        lang,
        "outcome-duration",
        &[
            ("hours", FluentValue::from(minutes.max(0) / 60)),
            ("minutes", FluentValue::from(minutes.max(0) % 60)),
        ],
    )
}

/// `GET /r/{token}/certificate.pdf`: the certificate of attendance, in the language of
/// the registration.
pub async fn certificate(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    let facts = match read(&state, move |c| outcomes::certificate::facts(c, &t)).await {
        Ok(f) => f,
        Err(AppError::Forbidden) => return not_present(&req, &state, lang, &token),
        Err(e) => return Err(e),
    };
    let lang = Lang::parse(&facts.language).unwrap_or(lang);
    let i18n = &state.i18n;
    let arg = |k: &'static str, v: String| (k, FluentValue::from(v));
    let c = crate::certificate::Certificate {
        heading: i18n.t(lang, "outcome-cert-heading"),
        intro: i18n.t(lang, "outcome-cert-intro"),
        name: facts.name.clone(),
        attended: i18n.t(lang, "outcome-cert-attended"),
        title: facts.title.clone(),
        date: time::date_long(time::local(facts.starts_at).date_naive(), lang),
        hours: i18n.tr(
            lang,
            "outcome-cert-hours",
            &[
                arg("hours", time::hours(facts.starts_at, facts.ends_at, lang)),
                arg(
                    "duration",
                    duration(i18n, lang, (facts.ends_at - facts.starts_at).num_minutes()),
                ),
            ],
        ),
        organisation: i18n.tr(
            lang,
            "outcome-cert-organisation",
            &[arg("organisation", facts.organisation.clone())],
        ),
        trainers: if facts.trainers.is_empty() {
            String::new()
        } else {
            i18n.tr(
                lang,
                "outcome-cert-trainers",
                &[arg("trainers", facts.trainers.join(", "))],
            )
        },
        footer: i18n.tr(
            lang,
            "outcome-cert-footer",
            &[arg(
                "date",
                time::date_long(time::local(now()).date_naive(), lang),
            )],
        ),
        document_title: format!("{} — {}", i18n.t(lang, "outcome-cert-heading"), facts.title),
    };
    let file = match lang {
        Lang::Fr => "attestation-babillard.pdf",
        Lang::En => "certificate-babillard.pdf",
    };
    crate::web::pdf_download(file, move || crate::certificate::render(&c)).await
}

#[derive(Serialize)]
struct FollowUpView {
    token: String,
    title: String,
    intro: String,
    email: String,
    contact: String,
    phone: String,
    message: String,
    errors: BTreeMap<String, String>,
    /// Set once asked: what was said, and the request as recorded.
    done: Option<String>,
    request: Option<RequestView>,
}

#[derive(Serialize)]
struct RequestView {
    contact: String,
    message: String,
    asked: String,
    handled: Option<String>,
}

impl FollowUpView {
    fn new(state: &AppState, lang: Lang, token: &str, o: &Opened, raw: &RawFollowUp) -> Self {
        let r = &o.registration;
        let email = r.email.clone().unwrap_or_default();
        FollowUpView {
            token: token.to_owned(),
            title: o.session.session.title.clone(),
            intro: state.i18n.tr(
                lang,
                "outcome-follow-up-intro",
                &[(
                    "organisation",
                    FluentValue::from(o.session.organisation.name.clone()),
                )],
            ),
            contact: if raw.contact.is_empty() {
                if email.is_empty() { "phone" } else { "email" }.to_owned()
            } else {
                raw.contact.clone()
            },
            email,
            // Prefilled from the registration.
            phone: if raw.phone.is_empty() {
                r.phone.clone().unwrap_or_default()
            } else {
                raw.phone.clone()
            },
            message: raw.message.clone(),
            errors: BTreeMap::new(),
            done: None,
            request: None,
        }
    }

    fn asked(mut self, state: &AppState, lang: Lang, done: String, q: &requests::Request) -> Self {
        let i18n = &state.i18n;
        let date = |t| FluentValue::from(time::datetime_long(t, lang));
        self.done = Some(done);
        self.request = Some(RequestView {
            contact: match q.contact {
                Contact::Email => i18n.tr(
                    lang,
                    "outcome-follow-up-by-email",
                    &[("email", FluentValue::from(self.email.clone()))],
                ),
                Contact::Phone => format!(
                    "{} — {}",
                    i18n.t(lang, "outcome-follow-up-by-phone"),
                    q.phone.clone().unwrap_or_default()
                ),
            },
            message: q.message.clone(),
            asked: i18n.tr(
                lang,
                "outcome-follow-up-existing",
                &[("date", date(q.created_at))],
            ),
            handled: q
                .done_at
                .map(|t| i18n.tr(lang, "outcome-follow-up-done", &[("date", date(t))])),
        });
        self
    }
}

/// `GET /r/{token}/follow-up`: the form, or the request already made.
pub async fn follow_up_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let token = token.into_inner();
    let t = token.clone();
    let (o, existing) = read(&state, move |c| {
        let o = outcomes::open(c, &t)?;
        let q = requests::of(c, o.registration.id)?;
        Ok((o, q))
    })
    .await?;
    if !o.present() {
        return not_present(&req, &state, lang, &token);
    }
    let mut view = FollowUpView::new(&state, lang, &token, &o, &RawFollowUp::default());
    if let Some(q) = &existing {
        view = view.asked(&state, lang, String::new(), q);
    }
    let title = state.i18n.t(lang, "outcome-follow-up-title");
    render(&req, &state, lang, "public/follow_up.html", title, &view)
}

#[derive(Debug, Default, Deserialize)]
pub struct FollowUpForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    message: String,
}

/// `POST /r/{token}/follow-up`: records the request once; a second time shows the
/// existing one.
pub async fn follow_up_ask(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    token: web::Path<String>,
    form: web::Form<FollowUpForm>,
) -> AppResult<HttpResponse> {
    csrf::verify(&req, &form.csrf_token)?;
    let token = token.into_inner();
    let form = form.into_inner();
    let raw = RawFollowUp {
        contact: form.contact,
        phone: form.phone,
        message: form.message,
    };
    let t = token.clone();
    let r = raw.clone();
    let result = write(&state, move |c| {
        let o = outcomes::open(c, &t)?;
        if !o.present() {
            return Err(Error::Forbidden);
        }
        if let Some(q) = requests::of(c, o.registration.id)? {
            return Ok((o, Ok((q, false))));
        }
        match outcome::parse_follow_up(&r, o.registration.email.is_some()) {
            Ok(input) => {
                let asked = requests::ask(c, &t, &input, now())?;
                Ok((o, Ok(asked)))
            }
            Err(errors) => Ok((o, Err(errors))),
        }
    })
    .await;
    let (o, asked) = match result {
        Ok(x) => x,
        Err(AppError::Forbidden) => return not_present(&req, &state, lang, &token),
        Err(e) => return Err(e),
    };
    let title = state.i18n.t(lang, "outcome-follow-up-title");
    let view = FollowUpView::new(&state, lang, &token, &o, &raw);
    match asked {
        Ok((q, created)) => {
            let done = if created {
                state.i18n.t(lang, "outcome-follow-up-sent")
            } else {
                String::new()
            };
            let view = view.asked(&state, lang, done, &q);
            render(&req, &state, lang, "public/follow_up.html", title, &view)
        }
        Err(errors) => {
            let mut view = view;
            view.errors = field_errors(&state.i18n, lang, &errors);
            let mut res = render(&req, &state, lang, "public/follow_up.html", title, &view)?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

/// The survey answer in the person's data export (1 non · 2 un peu · 3 oui).
#[derive(Serialize)]
pub struct ExportSurvey {
    useful: Option<i32>,
    clear: Option<i32>,
    next_step: String,
    answered_at: String,
}

impl From<survey::Answer> for ExportSurvey {
    fn from(a: survey::Answer) -> Self {
        ExportSurvey {
            useful: a.useful.map(Rating::value),
            clear: a.clear.map(Rating::value),
            next_step: a.next_step,
            answered_at: time::rfc3339(a.created_at),
        }
    }
}

/// The follow-up request in the person's data export.
#[derive(Serialize)]
pub struct ExportFollowUp {
    contact: String,
    phone: Option<String>,
    message: String,
    asked_at: String,
    done_at: Option<String>,
}

impl From<requests::Request> for ExportFollowUp {
    fn from(q: requests::Request) -> Self {
        ExportFollowUp {
            contact: q.contact.as_str().to_owned(),
            phone: q.phone,
            message: q.message,
            asked_at: time::rfc3339(q.created_at),
            done_at: q.done_at.map(time::rfc3339),
        }
    }
}
