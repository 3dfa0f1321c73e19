//! Payments for paid sessions: what Babillard asks of Stripe (Checkout sessions, refunds).
//! Stripe's calls to us (webhooks) are the web layer's; checking their signature is
//! `domain::webhooks`.

pub mod stripe;

pub use self::stripe::{
    Checkout, CheckoutRequest, CheckoutState, CheckoutStatus, PaidFor, PayError, Refund,
    RefundStatus, Stripe,
};
