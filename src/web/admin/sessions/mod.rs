//! Sessions in the back office: the form (new, edit), publish, unpublish, duplicate,
//! delete while nobody registered; weekly series (`series`) and trainers (`trainers`).
//! The form itself is `forms`, its page `views`. The routes are in
//! `web::admin::ROUTES`.

pub mod forms;
pub mod series;
pub mod trainers;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;

use self::forms::SessionForm;
use self::views::{event_choices, extra, form_page, or_form};
use super::{Empty, Form, Staff, see_other};
use crate::store;
use crate::store::programme::FormChoices;
use crate::web::AppResult;
use crate::web::i18n::Lang;
use crate::web::{AppState, read, write};

pub async fn new(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    let values = SessionForm {
        registration_required: "1".into(),
        max_seats: "2".into(),
        ..Default::default()
    };
    form_page(
        &req,
        &state,
        lang,
        &who,
        "new",
        format!("/admin/events/{id}/sessions"),
        id,
        &choices,
        values,
        &[],
        Vec::new(),
        None,
    )
}

pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<SessionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let choices = event_choices(&state, &who, id).await?;
    let action = format!("/admin/events/{id}/sessions");
    let input = match f.parse() {
        Ok(i) => i,
        Err(errors) => {
            return form_page(
                &req,
                &state,
                lang,
                &who,
                "new",
                action,
                id,
                &choices,
                f,
                &errors,
                Vec::new(),
                None,
            );
        }
    };
    let access = who.access.clone();
    let publish = f.publish == "1";
    let result = write(&state, move |conn| {
        store::programme::create_session(conn, &access, id, &input, publish)
            .map_err(crate::web::AppError::from)
    })
    .await;
    match or_form(result, async |errors| {
        form_page(
            &req,
            &state,
            lang,
            &who,
            "new",
            action.clone(),
            id,
            &choices,
            f.clone(),
            &errors,
            Vec::new(),
            None,
        )
    })
    .await?
    {
        Ok(sid) => Ok(see_other(&format!("/admin/sessions/{sid}"), "created")),
        Err(page) => Ok(page),
    }
}

async fn load(
    state: &AppState,
    who: &Staff,
    id: i64,
) -> AppResult<(store::programme::SessionAdmin, FormChoices)> {
    let access = who.access.clone();
    read(state, move |conn| {
        let a = store::programme::session_admin(conn, &access, id)?;
        let c = store::programme::form_choices(
            conn,
            a.details.session.organisation_id,
            a.details.session.event_id,
        )?;
        Ok((a, c))
    })
    .await
}

pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (a, c) = load(&state, &who, id).await?;
    let values = SessionForm::from_session(&a);
    let x = extra(&state, lang, &a, &c);
    form_page(
        &req,
        &state,
        lang,
        &who,
        "edit",
        format!("/admin/sessions/{id}"),
        a.details.session.event_id,
        &c,
        values,
        &[],
        Vec::new(),
        Some(x),
    )
}

pub async fn update(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    who: Staff,
    id: web::Path<i64>,
    Form(f): Form<SessionForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (a, c) = load(&state, &who, id).await?;
    let event_id = a.details.session.event_id;
    let action = format!("/admin/sessions/{id}");
    let input = match f.parse() {
        Ok(i) => i,
        Err(errors) => {
            let x = extra(&state, lang, &a, &c);
            return form_page(
                &req,
                &state,
                lang,
                &who,
                "edit",
                action,
                event_id,
                &c,
                f,
                &errors,
                Vec::new(),
                Some(x),
            );
        }
    };
    let access = who.access.clone();
    let travel = Duration::minutes(i64::from(state.settings.travel_gap_minutes));
    let result = write(&state, move |conn| {
        store::programme::update_session(conn, &access, id, &input, travel)
            .map_err(crate::web::AppError::from)
    })
    .await;
    match or_form(result, async |errors| {
        let x = extra(&state, lang, &a, &c);
        form_page(
            &req,
            &state,
            lang,
            &who,
            "edit",
            action.clone(),
            event_id,
            &c,
            f.clone(),
            &errors,
            Vec::new(),
            Some(x),
        )
    })
    .await?
    {
        Ok(u) if u.notified > 0 => Ok(see_other(&format!("/admin/sessions/{id}"), "moved")),
        Ok(_) => Ok(see_other(&format!("/admin/sessions/{id}"), "saved")),
        Err(page) => Ok(page),
    }
}

pub async fn publish(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    write(&state, move |conn| {
        store::programme::set_session_published(conn, &access, id, true)
            .map_err(crate::web::AppError::from)
    })
    .await?;
    Ok(see_other(&format!("/admin/sessions/{id}"), "published"))
}

pub async fn unpublish(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    write(&state, move |conn| {
        store::programme::set_session_published(conn, &access, id, false)
            .map_err(crate::web::AppError::from)
    })
    .await?;
    Ok(see_other(&format!("/admin/sessions/{id}"), "unpublished"))
}

pub async fn duplicate(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    let copy = write(&state, move |conn| {
        store::programme::duplicate_session(conn, &access, id).map_err(crate::web::AppError::from)
    })
    .await?;
    Ok(see_other(&format!("/admin/sessions/{copy}"), "duplicated"))
}

pub async fn delete(
    state: web::Data<AppState>,
    who: Staff,
    id: web::Path<i64>,
    Form(_): Form<Empty>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let access = who.access.clone();
    let event = write(&state, move |conn| {
        store::programme::delete_session(conn, &access, id).map_err(crate::web::AppError::from)
    })
    .await?;
    Ok(see_other(&format!("/admin/events/{event}"), "deleted"))
}
