//! Per-address limit on registration attempts (`registration_rate_limit` per minute;
//! 0 turns it off), checked by the handlers that register. The address is the socket
//! peer's, unless that peer is a configured trusted proxy, in which case the last
//! `X-Forwarded-For` entry that is not itself a trusted proxy is used.

use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::HttpRequest;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Settings;
use crate::web::{AppError, AppResult};

/// The one definition of a request's client address: the socket peer's, unless the
/// peer is a trusted proxy, in which case the last `X-Forwarded-For` hop that is not
/// itself a trusted proxy (a client cannot choose it by sending the header itself).
pub fn client_ip(req: &HttpRequest, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    forwarded
        .rsplit(',')
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .or(Some(peer))
}

pub struct Limiter {
    inner: Option<DefaultKeyedRateLimiter<IpAddr>>,
    trusted: Vec<IpAddr>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("on", &self.inner.is_some())
            .finish()
    }
}

impl Limiter {
    pub fn new(settings: &Settings) -> Limiter {
        Limiter {
            inner: NonZeroU32::new(settings.registration_rate_limit)
                .map(|n| RateLimiter::keyed(Quota::per_minute(n))),
            trusted: settings
                .trusted_proxies
                .iter()
                .filter_map(|s| s.trim().parse().ok())
                .collect(),
        }
    }

    /// The client's address (see [`client_ip`]), for everything that counts attempts
    /// per address: registration here, sign-in and password-reset requests in `store`.
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        client_ip(req, &self.trusted)
    }

    /// The client's address as text for the records of attempts (`unknown` without a
    /// peer, as in tests that set none).
    pub fn client_address(&self, req: &HttpRequest) -> String {
        self.client_ip(req)
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| "unknown".to_owned())
    }

    /// One attempt from the request's client: `429` when over the limit.
    pub fn check(&self, req: &HttpRequest) -> AppResult<()> {
        let Some(limiter) = &self.inner else {
            return Ok(());
        };
        let Some(ip) = self.client_ip(req) else {
            return Ok(());
        };
        if limiter.len() > 100_000 {
            limiter.retain_recent();
        }
        limiter
            .check_key(&ip)
            .map_err(|_| AppError::TooManyRequests)
    }
}
