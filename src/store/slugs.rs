//! Slugs that no row uses yet: a name's slug, then `-2`, `-3`… (events, organisations,
//! venues, trainers each ask their own table whether a slug is taken).

use diesel::QueryResult;

use crate::db::DbConnection;
use crate::domain::text::slugify;

/// A name's slug cut to 80 characters (no dash left at the end), or `fallback` when
/// the name has no letter or digit.
pub fn base(name: &str, fallback: &str) -> String {
    match slugify(name) {
        s if s.is_empty() => fallback.to_owned(),
        s => s
            .chars()
            .take(80)
            .collect::<String>()
            .trim_end_matches('-')
            .to_owned(),
    }
}

/// `base` if no row has it, else the first of `base-2`, `base-3`… that is free.
pub fn free(
    conn: &mut DbConnection,
    base: &str,
    taken: impl Fn(&mut DbConnection, &str) -> QueryResult<bool>,
) -> QueryResult<String> {
    let mut slug = base.to_owned();
    let mut n = 2;
    while taken(conn, &slug)? {
        slug = format!("{base}-{n}");
        n += 1;
    }
    Ok(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_is_the_name_cut_without_a_trailing_dash_or_the_fallback() {
        assert_eq!(
            base("Bibliothèque Jean-Marc-Belzile", "x"),
            "bibliotheque-jean-marc-belzile"
        );
        assert_eq!(base(" ?! ", "lieu"), "lieu");
        let long = format!("{} fin", "a".repeat(79));
        assert_eq!(
            base(&long, "x"),
            "a".repeat(79),
            "cut at 80, the dash dropped"
        );
    }
}
