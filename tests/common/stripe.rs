//! A Stripe stand-in on loopback for tests: an HTTP/1.1 server that answers exactly the
//! calls `babillard::payments::stripe` makes, with Stripe's documented shapes
//! (form-encoded requests with bracket keys, JSON `checkout.session` and `refund`
//! objects, `{"error":{"type","message",…}}` errors):
//! - `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`,
//!   `POST /v1/checkout/sessions/{id}/expire`, `POST /v1/refunds`;
//! - the `Authorization: Bearer` key must be the stand-in's (401 otherwise);
//! - `Idempotency-Key` as Stripe honours it on POSTs: the same key with the same
//!   parameters replays the first answer (no second object); with other parameters, 400.
//!
//! Its ledger is what a test checks: [`StandIn::checkouts`] (each session with what it was
//! created with), [`StandIn::charges`], [`StandIn::refunds`], [`StandIn::received`]
//! (every request). [`StandIn::pay`] and [`StandIn::expire`] are the person on Stripe's
//! hosted page and Stripe's clock; each returns the webhook event's body, which
//! [`sign`] signs as Stripe does. [`Fault`] makes it fail the way a network or Stripe
//! fails.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value, json};

use babillard::config::{Secret, Settings};

/// How the stand-in fails, from the next request on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answers as Stripe does.
    None,
    /// Does nothing and answers 500 with an `api_error` object (a failure before Stripe
    /// started the work: nothing is kept for the idempotency key).
    Status500,
    /// Reads the request and never answers, holding the connection open until the
    /// stand-in is dropped: only the client's timeout ends the call.
    Hang,
    /// Does the work (and keeps its answer for the idempotency key), then closes the
    /// connection without answering, as a network failure after Stripe's commit would.
    LoseResponse,
}

/// One request as the stand-in read it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub idempotency_key: Option<String>,
    pub authorization: Option<String>,
    /// The form's pairs, percent-decoded, in order (`line_items[0][quantity]` → `1`).
    pub form: Vec<(String, String)>,
}

impl Received {
    pub fn param(&self, key: &str) -> Option<&str> {
        param(&self.form, key)
    }
}

/// A Checkout session, with what it was created with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutRow {
    pub id: String,
    pub url: String,
    pub created: i64,
    pub expires_at: i64,
    pub mode: String,
    pub currency: String,
    pub unit_amount: i64,
    pub quantity: i64,
    pub amount_total: i64,
    /// `line_items[0][price_data][product_data][name]`.
    pub product_name: String,
    pub payment_method_types: Vec<String>,
    pub client_reference_id: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub customer_email: Option<String>,
    pub locale: Option<String>,
    pub success_url: String,
    pub cancel_url: Option<String>,
    /// `open`, `complete` or `expired`.
    pub status: String,
    /// `unpaid` or `paid`.
    pub payment_status: String,
    pub payment_intent: Option<String>,
    /// The key the creating request carried.
    pub idempotency_key: Option<String>,
}

/// A payment made on the hosted page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeRow {
    pub payment_intent: String,
    pub amount: i64,
    pub checkout_id: String,
    /// From the session's `metadata[registration_id]`.
    pub registration_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundRow {
    pub id: String,
    pub payment_intent: String,
    pub amount: i64,
}

/// An answer: status and JSON body.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    body: String,
}

#[derive(Debug)]
struct Remembered {
    method: String,
    path: String,
    params: Vec<(String, String)>,
    answer: Answer,
}

#[derive(Default)]
struct Ledger {
    received: Vec<Received>,
    checkouts: Vec<CheckoutRow>,
    charges: Vec<ChargeRow>,
    refunds: Vec<RefundRow>,
    idempotent: HashMap<String, Remembered>,
    fault: Option<Fault>,
    /// `Some(n)`: the fault applies to the next `n` requests, then `Fault::None`.
    fault_left: Option<u32>,
    /// Connections of `Fault::Hang`, kept open until the stand-in is dropped.
    held: Vec<TcpStream>,
}

struct Shared {
    key: String,
    ledger: Mutex<Ledger>,
    stop: AtomicBool,
}

impl Shared {
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub struct StandIn {
    addr: SocketAddr,
    webhook_secret: String,
    shared: Arc<Shared>,
}

impl StandIn {
    /// A stand-in on `127.0.0.1:0` whose account has a fresh secret key.
    pub fn start() -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the Stripe stand-in");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            key: format!("sk_test_{}", unique()),
            ledger: Mutex::new(Ledger::default()),
            stop: AtomicBool::new(false),
        });
        super::accept_each(
            listener,
            shared.clone(),
            |s| s.stop.load(Ordering::SeqCst),
            connection,
        );
        StandIn {
            addr,
            webhook_secret: format!("whsec_{}", unique()),
            shared,
        }
    }

    /// `http://127.0.0.1:<port>`, for `stripe_api_base`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn secret_key(&self) -> &str {
        &self.shared.key
    }

    /// The secret the webhook endpoint checks signatures with (see [`sign`]).
    pub fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }

    /// Points `s` at this stand-in: its key, its URL, its webhook secret, a 5 s timeout.
    pub fn configure(&self, s: &mut Settings) {
        s.stripe_secret_key = Secret::new(self.secret_key());
        s.stripe_webhook_secret = Secret::new(self.webhook_secret());
        s.stripe_api_base = self.base_url();
        s.stripe_timeout_seconds = 5;
    }

    /// [`Settings::for_tests`] (no database is opened) pointed at this stand-in.
    pub fn settings(&self) -> Settings {
        let mut s = Settings::for_tests(":memory:");
        self.configure(&mut s);
        s
    }

    /// Every later request fails this way, until set again.
    pub fn set_fault(&self, fault: Fault) {
        let mut l = self.shared.ledger();
        l.fault = Some(fault);
        l.fault_left = None;
    }

    /// The next `n` requests fail this way; the ones after are answered.
    pub fn fault_next(&self, n: u32, fault: Fault) {
        let mut l = self.shared.ledger();
        l.fault = Some(fault);
        l.fault_left = Some(n);
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.ledger().received.clone()
    }

    pub fn checkouts(&self) -> Vec<CheckoutRow> {
        self.shared.ledger().checkouts.clone()
    }

    pub fn checkout(&self, id: &str) -> Option<CheckoutRow> {
        self.checkouts().into_iter().find(|c| c.id == id)
    }

    pub fn charges(&self) -> Vec<ChargeRow> {
        self.shared.ledger().charges.clone()
    }

    pub fn refunds(&self) -> Vec<RefundRow> {
        self.shared.ledger().refunds.clone()
    }

    /// The person pays on the hosted page: the session becomes complete and paid, a
    /// payment intent and a charge are made, and the body of the
    /// `checkout.session.completed` event comes back. `None` (nothing changes) when
    /// the session is unknown, expired or already complete.
    pub fn pay(&self, checkout_id: &str) -> Option<String> {
        let mut l = self.shared.ledger();
        let session = l
            .checkouts
            .iter_mut()
            .find(|c| c.id == checkout_id && c.status == "open")?;
        let pi = format!("pi_{}", unique());
        session.status = "complete".into();
        session.payment_status = "paid".into();
        session.payment_intent = Some(pi.clone());
        let object = session_json(session);
        let charge = ChargeRow {
            payment_intent: pi,
            amount: session.amount_total,
            checkout_id: session.id.clone(),
            registration_id: session
                .metadata
                .get("registration_id")
                .and_then(|v| v.parse().ok()),
        };
        l.charges.push(charge);
        Some(event("checkout.session.completed", object))
    }

    /// Stripe's clock passes `expires_at` (or the session is expired by hand): the body
    /// of the `checkout.session.expired` event. `None` when the session is unknown or
    /// not open.
    pub fn expire(&self, checkout_id: &str) -> Option<String> {
        let mut l = self.shared.ledger();
        let session = l
            .checkouts
            .iter_mut()
            .find(|c| c.id == checkout_id && c.status == "open")?;
        session.status = "expired".into();
        Some(event("checkout.session.expired", session_json(session)))
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees `stop`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        self.shared.ledger().held.clear();
    }
}

/// The `Stripe-Signature` header for `body`, signed now with `secret`.
pub fn sign(secret: &str, body: &str) -> String {
    sign_at(secret, now(), body)
}

/// `t=<timestamp>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, Stripe's scheme.
pub fn sign_at(secret: &str, timestamp: i64, body: &str) -> String {
    babillard::domain::webhooks::signature_header(secret, timestamp, body)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Unique in the process (tests of one binary share it), and not guessable across runs.
fn unique() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let token = babillard::domain::token::random_token();
    let tail: String = token
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(10)
        .collect();
    format!("{:04}{tail}", N.fetch_add(1, Ordering::Relaxed))
}

fn param<'a>(form: &'a [(String, String)], key: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// `key[0]`, `key[1]`, … in order.
fn list(form: &[(String, String)], key: &str) -> Vec<String> {
    (0..)
        .map_while(|i| param(form, &format!("{key}[{i}]")).map(str::to_owned))
        .collect()
}

fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_form(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        headers,
        body: String::from_utf8(body).ok()?,
    })
}

fn connection(stream: TcpStream, s: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(req) = read_request(&stream) else {
        return;
    };
    let fault = {
        let mut l = s.ledger();
        l.received.push(Received {
            method: req.method.clone(),
            path: req.path.clone(),
            idempotency_key: req.header("idempotency-key").map(str::to_owned),
            authorization: req.header("authorization").map(str::to_owned),
            form: parse_form(&req.body),
        });
        let fault = l.fault.unwrap_or(Fault::None);
        if let Some(left) = l.fault_left {
            if left <= 1 {
                l.fault = None;
                l.fault_left = None;
            } else {
                l.fault_left = Some(left - 1);
            }
        }
        fault
    };
    match fault {
        Fault::None => {
            let answer = handle(s, &req);
            respond(stream, &answer);
        }
        Fault::Status500 => respond(
            stream,
            &error(
                500,
                "api_error",
                None,
                "An unknown error occurred (stand-in fault).",
            ),
        ),
        Fault::Hang => s.ledger().held.push(stream),
        Fault::LoseResponse => {
            let _ = handle(s, &req);
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

fn respond(mut stream: TcpStream, a: &Answer) {
    let reason = match a.status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Request-Id: req_{}\r\nConnection: close\r\n\r\n",
        a.status,
        a.body.len(),
        unique()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(a.body.as_bytes());
    let _ = stream.flush();
}

fn error(status: u16, kind: &str, code: Option<&str>, message: &str) -> Answer {
    let mut e = json!({ "type": kind, "message": message });
    if let Some(code) = code {
        e["code"] = json!(code);
    }
    Answer {
        status,
        body: json!({ "error": e }).to_string(),
    }
}

fn ok(v: Value) -> Answer {
    Answer {
        status: 200,
        body: v.to_string(),
    }
}

/// Authentication, then idempotency, then the endpoint.
fn handle(s: &Shared, req: &Request) -> Answer {
    let expected = format!("Bearer {}", s.key);
    if req.header("authorization") != Some(expected.as_str()) {
        return error(
            401,
            "invalid_request_error",
            None,
            "Invalid API Key provided (stand-in).",
        );
    }
    let mut params = parse_form(&req.body);
    params.sort();
    let key = req
        .header("idempotency-key")
        .filter(|_| req.method == "POST")
        .map(str::to_owned);
    let mut l = s.ledger();
    if let Some(key) = &key
        && let Some(first) = l.idempotent.get(key)
    {
        return if first.method == req.method && first.path == req.path && first.params == params {
            first.answer.clone()
        } else {
            error(
                400,
                "idempotency_error",
                None,
                "Keys for idempotent requests can only be used with the same parameters \
                 they were first used with.",
            )
        };
    }
    let form = parse_form(&req.body);
    let path = req.path.split('?').next().unwrap_or("");
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let answer = match (req.method.as_str(), segments.as_slice()) {
        ("POST", ["v1", "checkout", "sessions"]) => create_session(&mut l, &form, key.as_deref()),
        ("GET", ["v1", "checkout", "sessions", id]) => {
            match l.checkouts.iter().find(|c| c.id == *id) {
                Some(c) => ok(session_json(c)),
                None => missing("checkout.session", id),
            }
        }
        ("POST", ["v1", "checkout", "sessions", id, "expire"]) => {
            match l.checkouts.iter_mut().find(|c| c.id == *id) {
                Some(c) if c.status == "open" => {
                    c.status = "expired".into();
                    ok(session_json(c))
                }
                Some(c) => error(
                    400,
                    "invalid_request_error",
                    Some("checkout_session_not_expirable"),
                    &format!(
                        "Only Checkout Sessions with a status in [\"open\"] can be expired. \
                         This Checkout Session has a status of \"{}\".",
                        c.status
                    ),
                ),
                None => missing("checkout.session", id),
            }
        }
        ("POST", ["v1", "refunds"]) => create_refund(&mut l, &form),
        _ => error(
            404,
            "invalid_request_error",
            None,
            &format!("Unrecognized request URL ({} {path}).", req.method),
        ),
    };
    // Stripe keeps the answer of any request that reached the work, errors included.
    if let Some(key) = key
        && answer.status != 401
    {
        l.idempotent.insert(
            key,
            Remembered {
                method: req.method.clone(),
                path: req.path.clone(),
                params,
                answer: answer.clone(),
            },
        );
    }
    answer
}

fn missing(object: &str, id: &str) -> Answer {
    error(
        404,
        "invalid_request_error",
        Some("resource_missing"),
        &format!("No such {object}: '{id}'"),
    )
}

fn invalid(param_name: &str, message: &str) -> Answer {
    let mut a = error(
        400,
        "invalid_request_error",
        Some("parameter_invalid"),
        message,
    );
    let mut v: Value = serde_json::from_str(&a.body).unwrap();
    v["error"]["param"] = json!(param_name);
    a.body = v.to_string();
    a
}

fn create_session(l: &mut Ledger, form: &[(String, String)], key: Option<&str>) -> Answer {
    let now = now();
    let item = "line_items[0]";
    let price = format!("{item}[price_data]");
    let number = |k: &str| param(form, k).and_then(|v| v.parse::<i64>().ok());
    if param(form, "mode") != Some("payment") {
        return invalid("mode", "The stand-in only knows mode=payment.");
    }
    let (Some(unit_amount), Some(quantity), Some(currency), Some(name)) = (
        number(&format!("{price}[unit_amount]")),
        number(&format!("{item}[quantity]")),
        param(form, &format!("{price}[currency]")),
        param(form, &format!("{price}[product_data][name]")),
    ) else {
        return invalid(
            "line_items",
            "A line item needs price_data[currency], price_data[unit_amount], \
             price_data[product_data][name] and quantity.",
        );
    };
    if param(form, "line_items[1][quantity]").is_some() {
        return invalid("line_items", "The stand-in expects one line item.");
    }
    if unit_amount < 0 || quantity < 1 {
        return invalid("line_items", "Invalid amount or quantity.");
    }
    let expires_at = number("expires_at").unwrap_or(now + 24 * 3600);
    if expires_at < now + 30 * 60 || expires_at > now + 24 * 3600 {
        return invalid(
            "expires_at",
            "The Checkout Session's expires_at must be between 30 minutes and 24 hours \
             from its creation.",
        );
    }
    let Some(success_url) = param(form, "success_url") else {
        return invalid("success_url", "Missing required param: success_url.");
    };
    let mut payment_method_types = list(form, "payment_method_types");
    payment_method_types.extend(list(form, "allowed_payment_method_types"));
    if payment_method_types.is_empty() {
        payment_method_types.push("card".into());
    }
    let metadata: BTreeMap<String, String> = form
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("metadata[")
                .and_then(|k| k.strip_suffix(']'))
                .map(|k| (k.to_owned(), v.clone()))
        })
        .collect();
    let id = format!("cs_test_{}", unique());
    let row = CheckoutRow {
        url: format!("https://checkout.stripe.com/c/pay/{id}"),
        id,
        created: now,
        expires_at,
        mode: "payment".into(),
        currency: currency.to_ascii_lowercase(),
        unit_amount,
        quantity,
        amount_total: unit_amount * quantity,
        product_name: name.to_owned(),
        payment_method_types,
        client_reference_id: param(form, "client_reference_id").map(str::to_owned),
        metadata,
        customer_email: param(form, "customer_email").map(str::to_owned),
        locale: param(form, "locale").map(str::to_owned),
        success_url: success_url.to_owned(),
        cancel_url: param(form, "cancel_url").map(str::to_owned),
        status: "open".into(),
        payment_status: "unpaid".into(),
        payment_intent: None,
        idempotency_key: key.map(str::to_owned),
    };
    let answer = ok(session_json(&row));
    l.checkouts.push(row);
    answer
}

fn create_refund(l: &mut Ledger, form: &[(String, String)]) -> Answer {
    let Some(pi) = param(form, "payment_intent") else {
        return invalid(
            "payment_intent",
            "The stand-in refunds payment intents only.",
        );
    };
    let Some(charge) = l.charges.iter().find(|c| c.payment_intent == pi) else {
        return missing("payment_intent", pi);
    };
    let refunded: i64 = l
        .refunds
        .iter()
        .filter(|r| r.payment_intent == pi)
        .map(|r| r.amount)
        .sum();
    let left = charge.amount - refunded;
    let amount = match param(form, "amount") {
        None => left,
        Some(a) => match a.parse::<i64>() {
            Ok(a) if a > 0 => a,
            _ => return invalid("amount", "Invalid positive integer."),
        },
    };
    if left == 0 {
        return error(
            400,
            "invalid_request_error",
            Some("charge_already_refunded"),
            &format!("Charge for payment intent {pi} has already been refunded."),
        );
    }
    if amount > left {
        return error(
            400,
            "invalid_request_error",
            Some("amount_too_large"),
            &format!(
                "Refund amount ({amount}) is greater than unrefunded amount on charge ({left})."
            ),
        );
    }
    let currency = l
        .checkouts
        .iter()
        .find(|c| c.id == charge.checkout_id)
        .map_or_else(|| "cad".to_owned(), |c| c.currency.clone());
    let row = RefundRow {
        id: format!("re_{}", unique()),
        payment_intent: pi.to_owned(),
        amount,
    };
    let body = json!({
        "id": row.id,
        "object": "refund",
        "amount": amount,
        "balance_transaction": null,
        "charge": format!("ch_{}", &pi[3..]),
        "created": now(),
        "currency": currency,
        "metadata": {},
        "payment_intent": pi,
        "reason": null,
        "receipt_number": null,
        "source_transfer_reversal": null,
        "status": "succeeded",
        "transfer_reversal": null,
    });
    l.refunds.push(row);
    ok(body)
}

/// The `checkout.session` object, with the fields Stripe always sends.
fn session_json(c: &CheckoutRow) -> Value {
    json!({
        "id": c.id,
        "object": "checkout.session",
        "allowed_payment_method_types": null,
        "amount_subtotal": c.amount_total,
        "amount_total": c.amount_total,
        "automatic_tax": { "enabled": false, "liability": null, "provider": null, "status": null },
        "cancel_url": c.cancel_url,
        "client_reference_id": c.client_reference_id,
        "created": c.created,
        "currency": c.currency,
        "custom_fields": [],
        "custom_text": {
            "after_submit": null, "shipping_address": null, "submit": null,
            "terms_of_service_acceptance": null
        },
        "customer": null,
        "customer_email": c.customer_email,
        "expires_at": c.expires_at,
        "livemode": false,
        "locale": c.locale,
        "metadata": c.metadata,
        "mode": c.mode,
        "payment_intent": c.payment_intent,
        "payment_method_types": c.payment_method_types,
        "payment_status": c.payment_status,
        "shipping_options": [],
        "status": c.status,
        "success_url": c.success_url,
        "url": if c.status == "open" { json!(c.url) } else { Value::Null },
    })
}

fn event(kind: &str, object: Value) -> String {
    json!({
        "id": format!("evt_{}", unique()),
        "object": "event",
        "api_version": "2026-09-30.endive",
        "created": now(),
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": kind,
        "data": { "object": object },
    })
    .to_string()
}
