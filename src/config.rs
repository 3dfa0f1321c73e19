//! Settings: defaults in code, then `config/default.toml`, then an optional file named
//! by `BABILLARD_CONFIG`, then `BABILLARD_*` environment variables. Unknown keys are
//! refused so a misspelt setting fails at start-up instead of being ignored.

use std::fmt;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// A value that must never be printed (passwords in URLs, API keys).
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("\"[redacted]\"")
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// SQLite path (`var/babillard.sqlite3`, `sqlite://…`) or `postgres://…`.
    pub database_url: Secret,
    /// Connections in the (read) pool.
    pub database_pool_size: u32,
    /// Address and port to listen on.
    pub bind: String,
    /// Public URL of the site, used in emails and feeds (no trailing slash).
    pub base_url: String,
    /// HTTP worker threads (0: one per core).
    pub workers: usize,
    /// `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…`; empty writes
    /// `.eml` files under `mail_dir`.
    pub smtp_url: Secret,
    /// Sender address of every email.
    pub mail_from: String,
    /// Where `.eml` files go when `smtp_url` is empty.
    pub mail_dir: PathBuf,
    pub stripe_secret_key: Secret,
    pub stripe_webhook_secret: Secret,
    pub stripe_api_base: String,
    /// Seconds one call to Stripe may take before it counts as unavailable (and may be
    /// tried again with the same idempotency key).
    pub stripe_timeout_seconds: u64,
    /// How long seats are held while someone pays online, in minutes (Stripe's
    /// Checkout Sessions last 30 minutes to 24 hours; values outside are brought in).
    pub payment_hold_minutes: u32,
    /// Registration attempts per minute per client address; 0 turns the limit off.
    pub registration_rate_limit: u32,
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<String>,
    /// Partners' sites allowed to show the calendar widget (`/embed`) in a frame, as
    /// origins (`https://www.example.org`). Anything else is left out of the policy.
    pub embed_origins: Vec<String>,
    /// Days a staff sign-in lasts at most, however active (12 hours idle end it sooner).
    pub staff_session_days: u32,
    /// Key material that encrypts staff TOTP secrets at rest (32+ characters). Empty:
    /// a random key is created once in `totp_key_file` and read from there.
    pub totp_key: Secret,
    /// Where the TOTP key is kept when `totp_key` is empty (keep it out of database
    /// backups: a copy of the database alone then gives no working secret).
    pub totp_key_file: PathBuf,
    /// Hours before a session when the reminder email goes out.
    pub reminder_hours: u32,
    /// Hours after a session ends when the message after it goes out (a thank-you with
    /// the survey and the certificate to people present, next dates to no-shows).
    pub follow_up_delay_hours: u32,
    /// Minutes a trainer needs between sessions at different venues.
    pub travel_gap_minutes: u32,
    /// Days after a session when personal data is purged (anonymous counts stay).
    pub retention_days: u32,
    /// Days a cancelled session stays in feeds (as cancelled) so calendars remove it.
    pub feed_cancelled_days: u32,
    /// Folder of the tera templates.
    pub templates_dir: PathBuf,
    /// Seconds between runs of the background jobs (outbox, offers, reminders).
    pub jobs_interval_seconds: u64,
    /// Whether `serve` runs the background jobs.
    pub run_jobs: bool,
    /// Log filter (tracing `EnvFilter` syntax); `RUST_LOG` wins when set.
    pub log: String,
    // --- mail area (emails, invites, feeds) ---
    /// Seconds a public feed may lag behind a change: within that time the cached feed
    /// (and its 304s) is served without asking the database. 0: check on every request.
    pub feed_cache_seconds: u64,
    // --- open data (`/open-data`) ---
    /// Licence of the open data files: an SPDX identifier (`CC-BY-4.0`, `CC0-1.0`,
    /// `CC-BY-SA-4.0`, `ODbL-1.0`) or the `https://` address of a licence.
    pub open_data_licence: String,
    /// Who publishes the open data (`dct:publisher`); empty: the regions' names.
    pub open_data_publisher: String,
    /// An organisational address for questions about the open data (never a person's);
    /// empty: the description names none.
    pub open_data_contact_email: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: Secret::new("var/babillard.sqlite3"),
            database_pool_size: 8,
            bind: "127.0.0.1:8080".into(),
            base_url: "http://127.0.0.1:8080".into(),
            workers: 0,
            smtp_url: Secret::default(),
            mail_from: "Babillard <no-reply@babillard.localhost>".into(),
            mail_dir: PathBuf::from("var/mail"),
            stripe_secret_key: Secret::default(),
            stripe_webhook_secret: Secret::default(),
            stripe_api_base: "https://api.stripe.com".into(),
            stripe_timeout_seconds: 10,
            payment_hold_minutes: 30,
            registration_rate_limit: 10,
            trusted_proxies: Vec::new(),
            embed_origins: Vec::new(),
            staff_session_days: 7,
            totp_key: Secret::default(),
            totp_key_file: PathBuf::from("var/totp.key"),
            reminder_hours: 24,
            follow_up_delay_hours: 2,
            travel_gap_minutes: 30,
            retention_days: 365,
            feed_cancelled_days: 30,
            templates_dir: default_templates_dir(),
            jobs_interval_seconds: 5,
            run_jobs: true,
            log: "info,babillard=info".into(),
            feed_cache_seconds: 2,
            open_data_licence: "CC-BY-4.0".into(),
            open_data_publisher: String::new(),
            open_data_contact_email: String::new(),
        }
    }
}

/// `templates/` beside the working directory, else the one in the source tree.
fn default_templates_dir() -> PathBuf {
    let local = PathBuf::from("templates");
    if local.is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
    }
}

impl Settings {
    /// Loads settings the way `babillard` does at start-up.
    pub fn load() -> anyhow::Result<Settings> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        let default_file = Path::new("config/default.toml");
        if default_file.is_file() {
            fig = fig.merge(Toml::file(default_file));
        }
        if let Ok(extra) = std::env::var("BABILLARD_CONFIG") {
            fig = fig.merge(Toml::file(extra));
        }
        if std::env::var_os("BABILLARD_SECRET_KEY").is_some() {
            // Nothing is signed: cookies hold random tokens checked against the
            // database (staff sessions) or against the form (CSRF). An installation that
            // still sets the old variable keeps starting.
            eprintln!("BABILLARD_SECRET_KEY is no longer used and can be removed.");
        }
        fig = fig.merge(
            Env::prefixed("BABILLARD_")
                // BABILLARD_CONFIG names a file; BABILLARD_TEST_* belong to the test
                // suite; BABILLARD_SECRET_KEY was a setting that signed nothing.
                .filter(|key| {
                    let key = key.as_str().to_ascii_lowercase();
                    key != "config" && key != "secret_key" && !key.starts_with("test_")
                })
                .split("__"),
        );
        fig.extract()
            .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))
    }

    /// Settings for tests: defaults with a given database, no background jobs.
    pub fn for_tests(database_url: &str) -> Settings {
        Settings {
            database_url: Secret::new(database_url),
            database_pool_size: 4,
            run_jobs: false,
            registration_rate_limit: 0,
            feed_cache_seconds: 0,
            totp_key: Secret::new("tests: a fixed key for TOTP secrets, never deployed"),
            ..Settings::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Settings {
            smtp_url: Secret::new("smtp://bob:hunter2@mail"),
            ..Settings::default()
        };
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn the_shipped_default_file_matches_the_settings() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml");
        let s: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(path))
            .extract()
            .expect("config/default.toml has only known keys");
        assert_eq!(s.bind, "127.0.0.1:8080");
    }

    #[test]
    fn secret_key_is_no_setting_any_more() {
        // Nothing was ever signed with it; a file that still names it is told so.
        let r: Result<Settings, _> = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::string("secret_key = 'x'"))
            .extract();
        assert!(r.is_err());
    }

    #[test]
    fn unknown_keys_are_refused() {
        let r: Result<Settings, _> = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::string("databse_url = 'x'"))
            .extract();
        assert!(r.is_err());
    }
}
