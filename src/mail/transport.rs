//! Where composed messages go: an SMTP server (lettre, blocking: the worker runs on a
//! blocking thread) or, when no server is configured, `.eml` files in a folder so a
//! developer can open what would have been sent.
//!
//! `smtp://user:pass@host:587` speaks STARTTLS when the server offers it (plain
//! otherwise), `smtps://…:465` is TLS from the first byte. Credentials come from the
//! URL, percent-decoded.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, anyhow};
use lettre::Transport as _;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};

use crate::config::Settings;

/// How a delivery attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Try again later (connection refused, timeout, 4xx).
    Temporary(String),
    /// Do not try again (5xx).
    Permanent(String),
}

pub enum Mailer {
    Smtp(Box<SmtpTransport>),
    Files(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::Files(dir) => write!(f, "Mailer::Files({})", dir.display()),
        }
    }
}

impl Mailer {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Mailer> {
        let url = settings.smtp_url.expose().trim();
        if url.is_empty() {
            return Ok(Mailer::Files(settings.mail_dir.clone()));
        }
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| anyhow!("smtp_url must start with smtp:// or smtps://"))?;
        let rest = rest.split(['/', '?']).next().unwrap_or(rest);
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || p.parse::<u16>().is_ok() => (
                h.trim_start_matches('[').trim_end_matches(']').to_owned(),
                Some(p.parse::<u16>().context("smtp_url: invalid port")?),
            ),
            _ => (hostport.to_owned(), None),
        };
        if host.is_empty() {
            anyhow::bail!("smtp_url has no host");
        }
        let tls_params = || TlsParameters::new(host.clone()).context("TLS parameters for SMTP");
        let (tls, default_port) = match scheme {
            "smtp" => (Tls::Opportunistic(tls_params()?), 587),
            "smtps" => (Tls::Wrapper(tls_params()?), 465),
            other => anyhow::bail!("smtp_url: unknown scheme {other}:// (smtp or smtps)"),
        };
        let mut builder = SmtpTransport::builder_dangerous(host.as_str())
            .port(port.unwrap_or(default_port))
            .tls(tls)
            .timeout(Some(Duration::from_secs(20)));
        if let Some(userinfo) = userinfo {
            let (user, pass) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            builder = builder.credentials(Credentials::new(
                crate::domain::text::percent_decode(user),
                crate::domain::text::percent_decode(pass),
            ));
        }
        Ok(Mailer::Smtp(Box::new(builder.build())))
    }

    /// Sends one message; `name` names the `.eml` file in file mode.
    pub fn send(&self, message: &lettre::Message, name: &str) -> Outcome {
        match self {
            Mailer::Smtp(t) => match t.send(message) {
                Ok(_) => Outcome::Sent,
                Err(e) if e.is_permanent() => Outcome::Permanent(error_chain(&e)),
                Err(e) => Outcome::Temporary(error_chain(&e)),
            },
            Mailer::Files(dir) => match write_eml(dir, name, &message.formatted()) {
                Ok(()) => Outcome::Sent,
                Err(e) => Outcome::Temporary(format!("{e:#}")),
            },
        }
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// Writes through a temporary name and renames, so a reader never sees half a file.
fn write_eml(dir: &PathBuf, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let tmp = dir.join(format!(".{name}.tmp"));
    let path = dir.join(format!("{name}.eml"));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("renaming to {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    #[test]
    fn urls_choose_the_transport() {
        let mut s = Settings::default();
        assert!(matches!(
            Mailer::from_settings(&s).unwrap(),
            Mailer::Files(_)
        ));
        s.smtp_url = Secret::new("smtp://user%40x:p%3Ass@127.0.0.1:2525");
        assert!(matches!(
            Mailer::from_settings(&s).unwrap(),
            Mailer::Smtp(_)
        ));
        s.smtp_url = Secret::new("smtps://mail.example.org");
        assert!(matches!(
            Mailer::from_settings(&s).unwrap(),
            Mailer::Smtp(_)
        ));
        s.smtp_url = Secret::new("http://mail.example.org");
        assert!(Mailer::from_settings(&s).is_err());
        assert_eq!(crate::domain::text::percent_decode("user%40x"), "user@x");
    }
}
