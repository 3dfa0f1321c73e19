//! Pages for citizens: the listing with filters, a session, a programme, an organisation,
//! registration, « Mes activités », proposing an activity, the open data, and lending
//! a hand as a volunteer helper.

pub mod activities;
pub mod after;
pub mod calendar;
pub mod embed;
pub mod events;
pub mod helper_shift;
pub mod helpers;
pub mod home;
pub mod interest;
pub mod open_data;
pub mod organisations;
pub mod outcomes;
pub mod payments;
pub mod print;
pub mod proposals;
pub mod registrations;
pub mod requests;
pub mod sessions;

/// A link of a form's error summary to its field.
#[derive(serde::Serialize)]
pub struct ErrorLink {
    pub anchor: String,
    pub message: String,
}

/// A public form's messages in the reader's language: one per field of `order` (empty
/// when the field is fine; the first message wins), and the summary in the form's
/// order, each linked to its field's element `{prefix}-{field}`.
pub fn field_messages(
    i18n: &crate::i18n::I18n,
    lang: crate::web::i18n::Lang,
    order: &[&str],
    prefix: &str,
    fields: &[crate::error::FieldError],
) -> (std::collections::BTreeMap<String, String>, Vec<ErrorLink>) {
    let mut sorted: Vec<&crate::error::FieldError> = fields.iter().collect();
    sorted.sort_by_key(|f| {
        order
            .iter()
            .position(|n| *n == f.field)
            .unwrap_or(order.len())
    });
    let errors = order
        .iter()
        .map(|name| {
            let msg = fields.iter().find(|f| f.field == *name);
            (
                name.to_string(),
                msg.map(|f| i18n.msg(lang, &f.msg)).unwrap_or_default(),
            )
        })
        .collect();
    let list = sorted
        .into_iter()
        .map(|f| ErrorLink {
            anchor: format!("{prefix}-{}", f.field),
            message: i18n.msg(lang, &f.msg),
        })
        .collect();
    (errors, list)
}

/// One option of a select or a checkbox list.
#[derive(serde::Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// A vocabulary's terms as options, named in the reader's language.
pub fn term_choices(
    terms: &[crate::db::models::Term],
    lang: crate::web::i18n::Lang,
) -> Vec<Choice> {
    terms
        .iter()
        .map(|t| Choice {
            id: t.id.to_string(),
            label: t.name(lang).to_owned(),
        })
        .collect()
}
