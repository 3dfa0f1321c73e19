//! The translated strings, loaded once: one Fluent bundle per language, from
//! `templates/i18n/{fr,en}.ftl` and their per-area files. Web pages, emails and feeds
//! all read them through [`I18n`]; which language a request wants is `web::i18n`'s call.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use crate::domain::lang::Lang;
use crate::domain::messages::Msg;

/// One Fluent file per area, so each area's strings live (and change) apart; a
/// message id must be unique across the files of a language.
const FR: &[(&str, &str)] = &[
    ("fr.ftl", include_str!("../templates/i18n/fr.ftl")),
    (
        "fr/registration.ftl",
        include_str!("../templates/i18n/fr/registration.ftl"),
    ),
    ("fr/mail.ftl", include_str!("../templates/i18n/fr/mail.ftl")),
    (
        "fr/admin.ftl",
        include_str!("../templates/i18n/fr/admin.ftl"),
    ),
    (
        "fr/webhooks.ftl",
        include_str!("../templates/i18n/fr/webhooks.ftl"),
    ),
    (
        "fr/interest.ftl",
        include_str!("../templates/i18n/fr/interest.ftl"),
    ),
    (
        "fr/proposals.ftl",
        include_str!("../templates/i18n/fr/proposals.ftl"),
    ),
    (
        "fr/moderation.ftl",
        include_str!("../templates/i18n/fr/moderation.ftl"),
    ),
    (
        "fr/payments.ftl",
        include_str!("../templates/i18n/fr/payments.ftl"),
    ),
    (
        "fr/payments_mail.ftl",
        include_str!("../templates/i18n/fr/payments_mail.ftl"),
    ),
    (
        "fr/payments_admin.ftl",
        include_str!("../templates/i18n/fr/payments_admin.ftl"),
    ),
    (
        "fr/storm.ftl",
        include_str!("../templates/i18n/fr/storm.ftl"),
    ),
    (
        "fr/outcomes.ftl",
        include_str!("../templates/i18n/fr/outcomes.ftl"),
    ),
    (
        "fr/reports.ftl",
        include_str!("../templates/i18n/fr/reports.ftl"),
    ),
    (
        "fr/open_data.ftl",
        include_str!("../templates/i18n/fr/open_data.ftl"),
    ),
    (
        "fr/helpers.ftl",
        include_str!("../templates/i18n/fr/helpers.ftl"),
    ),
    (
        "fr/requests.ftl",
        include_str!("../templates/i18n/fr/requests.ftl"),
    ),
];
const EN: &[(&str, &str)] = &[
    ("en.ftl", include_str!("../templates/i18n/en.ftl")),
    (
        "en/registration.ftl",
        include_str!("../templates/i18n/en/registration.ftl"),
    ),
    ("en/mail.ftl", include_str!("../templates/i18n/en/mail.ftl")),
    (
        "en/admin.ftl",
        include_str!("../templates/i18n/en/admin.ftl"),
    ),
    (
        "en/webhooks.ftl",
        include_str!("../templates/i18n/en/webhooks.ftl"),
    ),
    (
        "en/interest.ftl",
        include_str!("../templates/i18n/en/interest.ftl"),
    ),
    (
        "en/proposals.ftl",
        include_str!("../templates/i18n/en/proposals.ftl"),
    ),
    (
        "en/moderation.ftl",
        include_str!("../templates/i18n/en/moderation.ftl"),
    ),
    (
        "en/payments.ftl",
        include_str!("../templates/i18n/en/payments.ftl"),
    ),
    (
        "en/payments_mail.ftl",
        include_str!("../templates/i18n/en/payments_mail.ftl"),
    ),
    (
        "en/payments_admin.ftl",
        include_str!("../templates/i18n/en/payments_admin.ftl"),
    ),
    (
        "en/storm.ftl",
        include_str!("../templates/i18n/en/storm.ftl"),
    ),
    (
        "en/outcomes.ftl",
        include_str!("../templates/i18n/en/outcomes.ftl"),
    ),
    (
        "en/reports.ftl",
        include_str!("../templates/i18n/en/reports.ftl"),
    ),
    (
        "en/open_data.ftl",
        include_str!("../templates/i18n/en/open_data.ftl"),
    ),
    (
        "en/helpers.ftl",
        include_str!("../templates/i18n/en/helpers.ftl"),
    ),
    (
        "en/requests.ftl",
        include_str!("../templates/i18n/en/requests.ftl"),
    ),
];

/// The translation bundles, built once at start-up.
pub struct I18n {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

impl I18n {
    pub fn load() -> I18n {
        let mut bundles = HashMap::new();
        for (lang, files, id) in [(Lang::Fr, FR, "fr-CA"), (Lang::En, EN, "en-CA")] {
            let mut b = FluentBundle::new_concurrent(vec![id.parse().expect("language id")]);
            // Unicode isolation marks would show up in emails and feeds.
            b.set_use_isolating(false);
            for (name, src) in files {
                let res = FluentResource::try_new((*src).to_owned())
                    .unwrap_or_else(|(_, errs)| panic!("{name} does not parse: {errs:?}"));
                b.add_resource(res)
                    .unwrap_or_else(|errs| panic!("{name}: duplicate message ids {errs:?}"));
            }
            bundles.insert(lang, b);
        }
        I18n { bundles }
    }

    /// The message `key` in `lang`, with arguments; the key itself when missing, so a
    /// gap shows up on the page instead of an empty string.
    pub fn tr(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = &self.bundles[&lang];
        let Some(msg) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = lang.code(), "missing translation");
            return key.to_owned();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        let mut errors = vec![];
        let out = bundle.format_pattern(msg, Some(&fargs), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "translation formatting");
        }
        match lang {
            // Subjects, API messages and the like never pass through a template.
            Lang::Fr => crate::domain::typography::french_spacing(&out).into_owned(),
            Lang::En => out.into_owned(),
        }
    }

    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.tr(lang, key, &[])
    }

    /// A message in `lang`: its typed arguments (dates…) are written in that language.
    pub fn msg(&self, lang: Lang, msg: &Msg) -> String {
        self.msg_as(lang, &msg.key, msg)
    }

    /// [`I18n::msg`] under another key (a page that words the same refusal its own way).
    pub fn msg_as(&self, lang: Lang, key: &str, msg: &Msg) -> String {
        let texts = msg.texts(lang);
        let args: Vec<(&str, FluentValue<'_>)> = texts
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.as_ref())))
            .collect();
        self.tr(lang, key, &args)
    }

    /// Message ids present in one language and not the other.
    pub fn missing(&self) -> Vec<String> {
        let ids = |files: &[(&str, &str)]| -> std::collections::BTreeSet<String> {
            let mut ids = std::collections::BTreeSet::new();
            for (_, src) in files {
                let res = FluentResource::try_new((*src).to_owned()).expect("parses");
                ids.extend(res.entries().filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                    _ => None,
                }));
            }
            ids
        };
        let (fr, en) = (ids(FR), ids(EN));
        fr.symmetric_difference(&en).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_messages() {
        let i = I18n::load();
        assert_eq!(i.missing(), Vec::<String>::new());
    }

    #[test]
    fn dates_in_a_message_read_in_the_language_asked_for() {
        let i = I18n::load();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 14)
            .unwrap()
            .and_hms_opt(17, 30, 0)
            .unwrap();
        let m = Msg::new("reg-refused-not-open").datetime("date", at);
        assert!(
            i.msg(Lang::En, &m).contains("Saturday"),
            "{}",
            i.msg(Lang::En, &m)
        );
        assert!(
            i.msg(Lang::Fr, &m).contains("samedi"),
            "{}",
            i.msg(Lang::Fr, &m)
        );
    }
}
