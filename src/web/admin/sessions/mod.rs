//! Sessions in the back office: the form (new, edit), publish, unpublish, duplicate,
//! delete while nobody registered; weekly series (`series`) and trainers (`trainers`).
//! The form itself is `forms`, its page `views`. The routes are in
//! `web::admin::ROUTES`.

pub mod forms;
pub mod origins;
pub mod series;
pub mod trainers;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;

use self::forms::SessionForm;
use self::views::{FormPage, event_choices, extra, or_form};
use super::{Empty, Form, Staff, StaffPage, see_other, set_published};
use crate::store;
use crate::store::programme::{FormChoices, set_session_published};
use crate::web::AppResult;
use crate::web::i18n::Lang;
use crate::web::{AppState, read_as, write_as};

pub async fn new(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    FormPage::of_event(&req, &state, lang, &who, "new", id, &choices)
        .blank(SessionForm::new_session())
}

pub async fn create(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
    Form(f): Form<SessionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    let page = FormPage::of_event(&req, &state, lang, &who, "new", id, &choices);
    let (input, prices, helpers) = match f.parse_full() {
        Ok(i) => i,
        Err(errors) => return page.show(f, &errors, Vec::new(), None),
    };
    let publish = f.publish == "1";
    let result = write_as(&state, &who.access, move |conn, access| {
        store::programme::create_session_full(conn, access, id, &input, &prices, &helpers, publish)
    })
    .await;
    match or_form(result, async |errors| {
        page.show(f.clone(), &errors, Vec::new(), None)
    })
    .await?
    {
        Ok(sid) => Ok(see_other(&session_url(sid), "created")),
        Err(page) => Ok(page),
    }
}

/// A session with what its edit page offers.
async fn load(
    state: &AppState,
    who: &Staff,
    id: i64,
) -> AppResult<(store::programme::SessionAdmin, FormChoices)> {
    read_as(state, &who.access, move |conn, access| {
        let a = store::programme::session_admin(conn, access, id)?;
        let c = store::programme::form_choices(
            conn,
            a.details.session.organisation_id,
            a.details.session.event_id,
        )?;
        Ok((a, c))
    })
    .await
}

/// The page of a session's edit form.
fn edit_form<'a>(
    req: &'a HttpRequest,
    state: &'a AppState,
    lang: Lang,
    who: &'a Staff,
    a: &store::programme::SessionAdmin,
    choices: &'a FormChoices,
) -> FormPage<'a> {
    FormPage {
        req,
        state,
        lang,
        who,
        mode: "edit",
        action: session_url(a.details.session.id),
        event_id: a.details.session.event_id,
        choices,
    }
}

pub async fn edit(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let (a, c) = load(&state, &who, id.into_inner()).await?;
    let mut x = extra(&state, lang, &a, &c);
    x.origins = origins::list(&state, &who, a.details.session.id).await?;
    edit_form(&req, &state, lang, &who, &a, &c).show(
        SessionForm::from_session(&a, lang),
        &[],
        Vec::new(),
        Some(x),
    )
}

pub async fn update(
    StaffPage(state, req, lang, who): StaffPage,
    id: web::Path<i64>,
    Form(f): Form<SessionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (a, c) = load(&state, &who, id).await?;
    let page = edit_form(&req, &state, lang, &who, &a, &c);
    let (input, prices, helpers) = match f.parse_full() {
        Ok(i) => i,
        Err(errors) => {
            return page.show(f, &errors, Vec::new(), Some(extra(&state, lang, &a, &c)));
        }
    };
    let travel = Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    let result = write_as(&state, &who.access, move |conn, access| {
        store::programme::update_session_full(conn, access, id, &input, &prices, &helpers, travel)
    })
    .await;
    match or_form(result, async |errors| {
        page.show(
            f.clone(),
            &errors,
            Vec::new(),
            Some(extra(&state, lang, &a, &c)),
        )
    })
    .await?
    {
        Ok(u) if u.notified > 0 => Ok(see_other(&session_url(id), "moved")),
        Ok(_) => Ok(see_other(&session_url(id), "saved")),
        Err(page) => Ok(page),
    }
}

/// A session's back-office page.
pub fn session_url(id: i64) -> String {
    format!("/admin/sessions/{id}")
}

pub async fn publish(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    set_published(
        &state,
        &who,
        *id,
        true,
        set_session_published,
        &session_url(*id),
    )
    .await
}

pub async fn unpublish(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    set_published(
        &state,
        &who,
        *id,
        false,
        set_session_published,
        &session_url(*id),
    )
    .await
}

pub async fn duplicate(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let copy = write_as(&state, &who.access, move |conn, access| {
        store::programme::duplicate_session(conn, access, id)
    })
    .await?;
    Ok(see_other(&session_url(copy), "duplicated"))
}

pub async fn delete(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let event = write_as(&state, &who.access, move |conn, access| {
        store::programme::delete_session(conn, access, id)
    })
    .await?;
    Ok(see_other(&super::events::event_url(event), "deleted"))
}
