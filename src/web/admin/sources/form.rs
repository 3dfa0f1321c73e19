//! The partner-calendar form: its fields as typed (strings, re-shown after an error),
//! parsed into `store::imports::SourceInput`, and the lists it offers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::db::models::{Organisation, Term, Venue};
use crate::error::{FieldError, Msg};
use crate::store::imports::{RuleInput, SourceInput, SourceView};
use crate::web::admin::{Choice, choices};
use crate::web::i18n::Lang;

/// Blank keyword rows offered below the existing ones.
const BLANK_RULES: usize = 3;

/// How often a feed may be read, in minutes (the store accepts 15 to 10 080).
const REFRESH: [i32; 4] = [60, 360, 720, 1440];

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceForm {
    pub name: String,
    pub organisation_id: String,
    pub url: String,
    pub kind_id: String,
    pub municipality_id: String,
    pub venue_id: String,
    pub audiences: Vec<String>,
    pub topics: Vec<String>,
    pub trusted: String,
    pub takes_registrations: String,
    pub refresh_minutes: String,
    pub rule_keyword: Vec<String>,
    /// `topic:ID` or `audience:ID`, in step with `rule_keyword`.
    pub rule_target: Vec<String>,
}

fn num(field: &str, s: &str, errors: &mut Vec<FieldError>) -> Option<i64> {
    match crate::web::admin::opt_num(field, s) {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

fn ids(field: &str, list: &[String], errors: &mut Vec<FieldError>) -> Vec<i64> {
    let mut out = Vec::new();
    for s in list {
        match s.trim().parse::<i64>() {
            Ok(v) => out.push(v),
            Err(_) => {
                errors.push(FieldError::new(field, Msg::new("admin-error-choice")));
                break;
            }
        }
    }
    out
}

impl SourceForm {
    /// The form as a registered feed fills it.
    pub fn of(v: &SourceView) -> SourceForm {
        let s = &v.source;
        let flag = |b: bool| if b { "1".to_owned() } else { String::new() };
        SourceForm {
            name: s.name.clone(),
            organisation_id: s.organisation_id.to_string(),
            url: s.url.clone().unwrap_or_default(),
            kind_id: s.kind_id.to_string(),
            municipality_id: s.municipality_id.map(|m| m.to_string()).unwrap_or_default(),
            venue_id: s.venue_id.map(|m| m.to_string()).unwrap_or_default(),
            audiences: v.audience_ids.iter().map(i64::to_string).collect(),
            topics: v.topic_ids.iter().map(i64::to_string).collect(),
            trusted: flag(s.trusted),
            takes_registrations: flag(s.takes_registrations),
            refresh_minutes: s.refresh_minutes.to_string(),
            rule_keyword: v.rules.iter().map(|r| r.keyword.clone()).collect(),
            rule_target: v
                .rules
                .iter()
                .map(|r| match (r.topic_id, r.audience_id) {
                    (Some(t), _) => format!("topic:{t}"),
                    (None, Some(a)) => format!("audience:{a}"),
                    (None, None) => String::new(),
                })
                .collect(),
        }
    }

    /// The input for the store; the address is `None` for an uploaded file.
    pub fn parse(&self) -> Result<SourceInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let organisation_id = num("organisation_id", &self.organisation_id, &mut errors);
        let kind_id = num("kind_id", &self.kind_id, &mut errors);
        if organisation_id.is_none() && !errors.iter().any(|e| e.field == "organisation_id") {
            errors.push(FieldError::new(
                "organisation_id",
                Msg::new("admin-error-choice"),
            ));
        }
        if kind_id.is_none() && !errors.iter().any(|e| e.field == "kind_id") {
            errors.push(FieldError::new("kind_id", Msg::new("admin-error-choice")));
        }
        let municipality_id = num("municipality_id", &self.municipality_id, &mut errors);
        let venue_id = num("venue_id", &self.venue_id, &mut errors);
        let audience_ids = ids("audiences", &self.audiences, &mut errors);
        let topic_ids = ids("topics", &self.topics, &mut errors);
        let refresh_minutes = match self.refresh_minutes.trim() {
            "" => 360,
            s => s.parse::<i32>().unwrap_or_else(|_| {
                errors.push(FieldError::new(
                    "refresh_minutes",
                    Msg::new("admin-error-number"),
                ));
                360
            }),
        };
        let mut rules = Vec::new();
        for (i, keyword) in self.rule_keyword.iter().enumerate() {
            let target = self.rule_target.get(i).map(|s| s.trim()).unwrap_or("");
            if keyword.trim().is_empty() && target.is_empty() {
                continue;
            }
            let mut rule = RuleInput {
                keyword: keyword.clone(),
                ..RuleInput::default()
            };
            let parsed = target
                .split_once(':')
                .and_then(|(k, id)| Some((k, id.parse::<i64>().ok()?)));
            match parsed {
                Some(("topic", id)) => rule.topic_id = Some(id),
                Some(("audience", id)) => rule.audience_id = Some(id),
                // No target: the store says the rule is incomplete.
                None if target.is_empty() => {}
                _ => errors.push(FieldError::new("rules", Msg::new("admin-error-choice"))),
            }
            rules.push(rule);
        }
        if rules.len() > 50 {
            errors.push(FieldError::new("rules", Msg::new("admin-error-too-long")));
        }
        let url = self.url.trim();
        if !errors.is_empty() {
            errors.dedup();
            return Err(errors);
        }
        Ok(SourceInput {
            organisation_id: organisation_id.unwrap_or_default(),
            name: self.name.clone(),
            url: (!url.is_empty()).then(|| url.to_owned()),
            trusted: !self.trusted.is_empty(),
            takes_registrations: !self.takes_registrations.is_empty(),
            venue_id,
            municipality_id,
            kind_id: kind_id.unwrap_or_default(),
            audience_ids,
            topic_ids,
            rules,
            refresh_minutes,
        })
    }
}

#[derive(Debug, Serialize)]
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A keyword row as shown: its keyword and the targets with the chosen one selected.
#[derive(Debug, Serialize)]
pub struct RuleRow {
    pub n: usize,
    pub keyword: String,
    pub topics: Vec<Opt>,
    pub audiences: Vec<Opt>,
}

/// What the form offers, from the vocabulary and the person's organisations.
pub struct Lists<'a> {
    pub organisations: &'a [Organisation],
    pub kinds: &'a [Term],
    pub audiences: &'a [Term],
    pub topics: &'a [Term],
    pub municipalities: &'a [crate::db::models::Municipality],
    /// Venues the feed's organisation may use (the edit page only: on the new form
    /// the organisation is not chosen yet).
    pub venues: &'a [Venue],
}

/// The form's lists and values, as the template reads them.
#[derive(Debug, Serialize)]
pub struct FormView {
    pub values: SourceForm,
    pub errors: BTreeMap<String, String>,
    /// The error summary: (field anchor, message).
    pub error_list: Vec<(String, String)>,
    pub organisations: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub municipalities: Vec<Choice>,
    pub venues: Vec<Choice>,
    pub audiences: Vec<Choice>,
    pub topics: Vec<Choice>,
    pub refresh: Vec<Opt>,
    pub rules: Vec<RuleRow>,
    /// Only the regional administrator marks a feed trusted.
    pub can_trust: bool,
}

fn field_anchor(field: &str) -> String {
    match field {
        "audiences" | "topics" => format!("f-{field}-legend"),
        "rules" => "f-rules".to_owned(),
        f => format!("f-{f}"),
    }
}

impl FormView {
    pub fn new(
        lang: Lang,
        lists: &Lists<'_>,
        values: SourceForm,
        errors: Vec<(FieldError, String)>,
        can_trust: bool,
    ) -> FormView {
        let is = |s: &str, id: i64| s.trim() == id.to_string();
        let has = |list: &[String], id: i64| list.iter().any(|s| is(s, id));
        let mut errs = BTreeMap::new();
        let mut error_list = Vec::new();
        for (e, text) in errors {
            if !errs.contains_key(&e.field) {
                error_list.push((field_anchor(&e.field), text.clone()));
                errs.insert(e.field.clone(), text);
            }
        }
        let refresh_now: i32 = values.refresh_minutes.trim().parse().unwrap_or(360);
        let refresh = REFRESH
            .iter()
            .map(|m| Opt {
                value: m.to_string(),
                label: String::new(),
                selected: *m == refresh_now,
            })
            .collect();
        let mut rules = Vec::new();
        let keywords = values.rule_keyword.len();
        for n in 0..keywords + BLANK_RULES {
            let keyword = values.rule_keyword.get(n).cloned().unwrap_or_default();
            let target = values.rule_target.get(n).cloned().unwrap_or_default();
            let opts = |kind: &str, terms: &[Term]| -> Vec<Opt> {
                terms
                    .iter()
                    .map(|t| {
                        let value = format!("{kind}:{}", t.id);
                        Opt {
                            selected: value == target,
                            value,
                            label: t.name(lang).to_owned(),
                        }
                    })
                    .collect()
            };
            rules.push(RuleRow {
                n: n + 1,
                keyword,
                topics: opts("topic", lists.topics),
                audiences: opts("audience", lists.audiences),
            });
        }
        FormView {
            organisations: choices(lists.organisations, |o| {
                (o.id, o.name.clone(), is(&values.organisation_id, o.id))
            }),
            kinds: choices(lists.kinds, |t| {
                (t.id, t.name(lang).to_owned(), is(&values.kind_id, t.id))
            }),
            municipalities: choices(lists.municipalities, |m| {
                (m.id, m.name.clone(), is(&values.municipality_id, m.id))
            }),
            venues: choices(lists.venues, |v| {
                let label = match &v.room {
                    Some(r) => format!("{} — {r}", v.name),
                    None => v.name.clone(),
                };
                (v.id, label, is(&values.venue_id, v.id))
            }),
            audiences: choices(lists.audiences, |t| {
                (t.id, t.name(lang).to_owned(), has(&values.audiences, t.id))
            }),
            topics: choices(lists.topics, |t| {
                (t.id, t.name(lang).to_owned(), has(&values.topics, t.id))
            }),
            refresh,
            rules,
            values,
            errors: errs,
            error_list,
            can_trust,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_pair_keywords_with_targets_and_blank_rows_are_skipped() {
        let f = SourceForm {
            name: "Agenda".into(),
            organisation_id: "3".into(),
            kind_id: "1".into(),
            url: " https://example.org/a.ics ".into(),
            rule_keyword: vec!["tablette".into(), "".into(), "aînés".into()],
            rule_target: vec!["topic:4".into(), "".into(), "audience:2".into()],
            ..SourceForm::default()
        };
        let input = f.parse().unwrap();
        assert_eq!(input.url.as_deref(), Some("https://example.org/a.ics"));
        assert_eq!(input.refresh_minutes, 360);
        assert_eq!(input.rules.len(), 2);
        assert_eq!(input.rules[0].topic_id, Some(4));
        assert_eq!(input.rules[1].audience_id, Some(2));
        let bad = SourceForm {
            rule_keyword: vec!["x".into()],
            rule_target: vec!["kind:1".into()],
            ..f
        };
        let errors = bad.parse().unwrap_err();
        assert_eq!(errors[0].field, "rules");
        let missing = SourceForm::default().parse().unwrap_err();
        let fields: Vec<&str> = missing.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["organisation_id", "kind_id"]);
    }
}
