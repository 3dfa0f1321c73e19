//! Fetching a partner's calendar over HTTP(S), blocking (the import job's thread and the
//! CLI): conditional requests (`If-None-Match` / `If-Modified-Since`), a timeout for the
//! whole exchange, a size cap enforced while reading, at most [`MAX_REDIRECTS`]
//! redirects, and errors that say which limit was hit so the caller can back off.

use std::time::Duration;

/// Redirects followed at most; one more is an error.
pub const MAX_REDIRECTS: u32 = 5;

pub use crate::domain::imported::Validators;

/// How far one fetch may go.
#[derive(Debug, Clone)]
pub struct Limits {
    /// For the whole exchange: connecting, the headers and the body.
    pub timeout: Duration,
    /// Largest body read (after decompression); a larger one is refused.
    pub max_bytes: u64,
    pub user_agent: String,
}

/// The answer of a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304: the feed has not changed since the validators sent.
    NotModified,
    /// The feed, and the validators to send next time.
    Body {
        bytes: Vec<u8>,
        validators: Validators,
    },
}

/// Why a fetch failed, by kind, so the caller can back off (a timeout or a 5xx is worth
/// retrying later, a 404 or a bad address needs a person).
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("the address “{0}” is not an http, https or webcal address")]
    BadUrl(String),
    #[error("the server did not answer within {0:?}")]
    Timeout(Duration),
    #[error("the calendar is larger than the limit of {0} bytes")]
    TooLarge(u64),
    #[error("the server answered with HTTP status {0}")]
    Status(u16),
    #[error("the server redirected more than {MAX_REDIRECTS} times")]
    TooManyRedirects,
    #[error("the secure connection (TLS) failed: {0}")]
    Tls(String),
    #[error("the server could not be reached: {0}")]
    Connect(String),
}

impl FetchError {
    /// Worth trying again later (the server was slow, down or busy), as opposed to an
    /// answer that will not change by itself.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout(_) | FetchError::Connect(_) => true,
            FetchError::Status(s) => *s == 429 || *s >= 500,
            _ => false,
        }
    }
}

/// The URL actually requested: `webcal://` (and `webcals://`) is fetched as `https://`;
/// only http and https otherwise.
pub fn http_url(url: &str) -> Result<String, FetchError> {
    let url = url.trim();
    let bad = || FetchError::BadUrl(url.to_owned());
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "webcal" | "webcals" | "https" => "https",
        "http" => "http",
        _ => return Err(bad()),
    };
    if rest.is_empty() || rest.starts_with('/') || rest.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(format!("{scheme}://{rest}"))
}

/// Fetches a feed. See the module's documentation.
pub fn fetch(url: &str, sent: &Validators, limits: &Limits) -> Result<Fetched, FetchError> {
    let url = http_url(url)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .max_redirects(MAX_REDIRECTS)
        .max_redirects_will_error(true)
        .http_status_as_error(false)
        .user_agent(limits.user_agent.as_str())
        .build()
        .into();
    let mut request = agent.get(&url).header("Accept", "text/calendar, */*;q=0.5");
    if let Some(etag) = &sent.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(date) = &sent.last_modified {
        request = request.header("If-Modified-Since", date);
    }
    let mut response = request.call().map_err(|e| classify(e, limits))?;
    let status = response.status().as_u16();
    if status == 304 {
        return Ok(Fetched::NotModified);
    }
    if !(200..300).contains(&status) {
        return Err(FetchError::Status(status));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let validators = Validators {
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    // A declared length over the cap is refused before reading anything.
    if response
        .body()
        .content_length()
        .is_some_and(|n| n > limits.max_bytes)
    {
        return Err(FetchError::TooLarge(limits.max_bytes));
    }
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| classify(e, limits))?;
    Ok(Fetched::Body { bytes, validators })
}

fn classify(e: ureq::Error, limits: &Limits) -> FetchError {
    match e {
        ureq::Error::Timeout(_) => FetchError::Timeout(limits.timeout),
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge(limits.max_bytes),
        ureq::Error::StatusCode(s) => FetchError::Status(s),
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects,
        ureq::Error::BadUri(_) => FetchError::BadUrl(e.to_string()),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
            FetchError::Tls(e.to_string())
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            FetchError::Timeout(limits.timeout)
        }
        other => FetchError::Connect(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webcal_is_fetched_as_https_and_other_schemes_are_refused() {
        assert_eq!(
            http_url("webcal://calendar.google.com/calendar/ical/x/basic.ics").unwrap(),
            "https://calendar.google.com/calendar/ical/x/basic.ics"
        );
        assert_eq!(
            http_url("WEBCALS://a.example/f.ics").unwrap(),
            "https://a.example/f.ics"
        );
        assert_eq!(
            http_url("http://a.example/f").unwrap(),
            "http://a.example/f"
        );
        for bad in [
            "ftp://a.example/f",
            "file:///etc/passwd",
            "a.example/f",
            "https://",
            "https:///x",
        ] {
            assert!(matches!(http_url(bad), Err(FetchError::BadUrl(_))), "{bad}");
        }
    }
}
