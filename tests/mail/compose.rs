//! Every kind of email composes in both languages, and without SMTP it is written as
//! an `.eml` file.

use super::*;

#[actix_web::test]
async fn every_kind_composes_in_french_and_english() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let sid = new_session(
        &app,
        "Atelier « Internet »",
        "2026-03-14 17:30",
        "Description",
    );
    app.with_conn(|c| {
        diesel::update(sessions::table.find(sid))
            .set(sessions::what_to_bring.eq("Votre tablette chargée"))
            .execute(c)
            .unwrap()
    });
    for (lang, expected) in [
        (
            "fr",
            "Inscription confirmée\u{a0}: Atelier «\u{a0}Internet\u{a0}»",
        ),
        ("en", "Registration confirmed: Atelier « Internet »"),
    ] {
        let (rid, token) = app.with_conn(|c| {
            registration(
                c,
                sid,
                &format!("x-{lang}@example.org"),
                "Xavier",
                lang,
                "confirmed",
            )
        });
        for kind in MessageKind::ALL {
            let payload = match kind {
                MessageKind::RegistrationWaitlisted => {
                    serde_json::json!({"seats": 2, "position": 3})
                }
                MessageKind::OfferMade => {
                    serde_json::json!({"seats": 1, "expires_at": "2026-03-10T12:00:00-04:00"})
                }
                MessageKind::RegistrationUpdated => {
                    serde_json::json!({"previous_seats": 1, "seats": 2})
                }
                MessageKind::SessionCancelled => serde_json::json!({"reason": "Tempête de neige"}),
                MessageKind::SessionChanged => {
                    serde_json::json!({"previous_starts_at": "2026-03-07T10:00:00-05:00", "previous_ends_at": "2026-03-07T11:30:00-05:00", "previous_venue_id": null, "what": ["time"]})
                }
                MessageKind::OrganiserMessage => {
                    serde_json::json!({"subject": "Stationnement fermé", "body": "Garez-vous rue Hamford.\nMerci!", "from_name": "Julie"})
                }
                MessageKind::PasswordReset => {
                    serde_json::json!({"link": "https://babillard.test/password/reset/abc", "expires_at": "2026-03-10T12:00:00-04:00"})
                }
                MessageKind::ActivitiesLink => {
                    serde_json::json!({"activities_token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
                }
                MessageKind::ProposalConfirm => {
                    serde_json::json!({"confirm_token": "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "title": "Café-jasette", "starts_at": "2026-03-14T13:30:00-04:00", "ends_at": "2026-03-14T15:00:00-04:00"})
                }
                MessageKind::ProposalApproved => serde_json::json!({"title": "Café-jasette"}),
                MessageKind::ProposalRejected => {
                    serde_json::json!({"title": "Café-jasette", "reason": "Hors de la région"})
                }
                MessageKind::PaymentHeld => {
                    serde_json::json!({"seats": 1, "amount_cents": 1500, "expires_at": "2026-03-10T12:00:00-04:00", "promoted": false})
                }
                MessageKind::PaymentHoldWarning => {
                    serde_json::json!({"amount_cents": 1500, "expires_at": "2026-03-10T12:00:00-04:00", "extendable": true})
                }
                MessageKind::PaymentExpired | MessageKind::PaymentReceipt => {
                    serde_json::json!({"amount_cents": 1500})
                }
                MessageKind::PaymentLate => {
                    serde_json::json!({"amount_cents": 1500, "late": "refund"})
                }
                MessageKind::RefundIssued => {
                    serde_json::json!({"amount_cents": 1500, "reason": "cancelled"})
                }
                MessageKind::RequestConfirm => {
                    serde_json::json!({"request_token": "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", "title": "Résidence Les Pins"})
                }
                MessageKind::RequestReceived => {
                    serde_json::json!({"title": "Résidence Les Pins", "request_path": "/admin/requests/1"})
                }
                MessageKind::RequestDatePicked => {
                    serde_json::json!({"title": "Résidence Les Pins", "request_path": "/admin/requests/1", "starts_at": "2026-03-14T13:30:00-04:00", "ends_at": "2026-03-14T15:30:00-04:00"})
                }
                MessageKind::RequestDates => {
                    serde_json::json!({"request_token": "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", "title": "Résidence Les Pins", "dates": [{"starts_at": "2026-03-14T13:30:00-04:00", "ends_at": "2026-03-14T15:30:00-04:00"}]})
                }
                MessageKind::RequestScheduled => {
                    serde_json::json!({"request_token": "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", "title": "Appels vidéo", "starts_at": "2026-03-14T13:30:00-04:00", "ends_at": "2026-03-14T15:30:00-04:00", "place": "Résidence Les Pins, Lachute", "trainers": "Marie", "public": false})
                }
                MessageKind::RequestRefused => {
                    serde_json::json!({"request_token": "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", "title": "Résidence Les Pins", "reason": "Trop loin en hiver"})
                }
                MessageKind::InvoiceIssued => serde_json::json!({
                    "request_token": "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
                    "title": "2026-0001",
                    "invoice": {
                        "number": "2026-0001",
                        "issued_at": "2026-03-15T14:00:00",
                        "due_at": "2026-04-14T14:00:00",
                        "issuer_name": "Brigade numérique",
                        "issuer_address": "309, rue Chassé",
                        "tax_number": null,
                        "bill_to": "Résidence Les Pins",
                        "lines": [{"description": "Atelier : Appels vidéo", "quantity_hundredths": 200, "unit": "hour", "unit_cents": 8500, "amount_cents": 17000}],
                        "totals": {"subtotal_cents": 17000, "gst_cents": 0, "qst_cents": 0, "total_cents": 17000},
                        "paid_at": null,
                        "request_id": 1
                    }
                }),
                _ => serde_json::json!({"seats": 1}),
            };
            app.with_conn(|c| queue(c, *kind, rid, payload));
        }
        let rows: Vec<babillard::db::models::OutboxRow> = app.with_conn(|c| {
            outbox::table
                .filter(outbox::status.eq("pending"))
                .order(outbox::id)
                .select(babillard::db::models::OutboxRow::as_select())
                .load(c)
                .unwrap()
        });
        assert_eq!(rows.len(), MessageKind::ALL.len());
        for row in &rows {
            let composed = app
                .with_conn(|c| babillard::mail::compose(&app.state.mail(), c, row))
                .unwrap_or_else(|e| panic!("{} ({lang}): {e:#}", row.kind));
            let bytes = composed.message.formatted();
            let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            let subject = msg.subject().unwrap().to_owned();
            assert!(
                !subject.contains("mail-"),
                "{} has a subject: {subject}",
                row.kind
            );
            let text = msg.body_text(0).unwrap();
            assert!(
                !text.contains("mail-"),
                "{} ({lang}) lacks a string: {text}",
                row.kind
            );
            let html = msg.body_html(0).unwrap();
            assert!(!html.contains("mail-") && html.len() < 50_000);
            // RFC 3834: vacation responders must not answer the organisation.
            assert_eq!(
                msg.header_raw("Auto-Submitted").map(str::trim),
                Some("auto-generated"),
                "{}",
                row.kind
            );
            // A cancellation removes the activity from the calendar: it neither promises
            // to add it nor tells the person what to bring or how to get there.
            let gone = row.kind == "registration_cancelled"
                || row.kind == "session_cancelled"
                || row.kind == "helper_cancelled";
            let (adds, bring, change) = if lang == "fr" {
                (
                    "ajoute l'activité à votre agenda",
                    "Votre tablette chargée",
                    "modifier ou annuler",
                )
            } else {
                (
                    "adds the activity to your calendar",
                    "Votre tablette chargée",
                    "change or cancel",
                )
            };
            for body in [&*text, &*html] {
                let body = body.replace("&#39;", "'");
                assert_eq!(
                    body.contains(adds),
                    composed.ics.is_some() && !gone,
                    "{} ({lang}): {body}",
                    row.kind
                );
                if gone {
                    assert!(!body.contains(bring), "{} ({lang}): {body}", row.kind);
                    assert!(!body.contains(change), "{} ({lang}): {body}", row.kind);
                }
            }
            if row.kind == "offer_made" {
                // The email promises a button to take the seat: the button says so.
                let (button, line) = if lang == "fr" {
                    (
                        ">Prendre la place</a>",
                        "Pour prendre la place, ouvrez ce lien",
                    )
                } else {
                    (">Take the seat</a>", "To take the seat, open this link")
                };
                assert!(html.contains(button), "{html}");
                assert!(text.contains(line), "{text}");
            }
            if row.kind == "reminder" {
                assert!(
                    text.contains(bring),
                    "a reminder says what to bring: {text}"
                );
            }
            let kind = MessageKind::parse(&row.kind).unwrap();
            match manage_token_in(&text) {
                Some(link) => {
                    assert!(kind.shows_manage_link(), "{}: {text}", row.kind);
                    assert_ne!(link, token);
                    let page = app.get(&format!("/r/{link}")).await;
                    assert_eq!(
                        page.status.as_u16(),
                        200,
                        "{}: its manage link opens",
                        row.kind
                    );
                }
                None => assert!(
                    !kind.shows_manage_link(),
                    "{} has the manage link",
                    row.kind
                ),
            }
            if row.kind == "activities_link" {
                assert!(
                    text.contains(
                        "https://babillard.test/my-activities/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    ),
                    "{text}"
                );
            }
            if row.kind == "request_confirm" {
                assert!(
                    text.contains(
                        "https://babillard.test/requests/CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
                    ),
                    "{text}"
                );
            }
            if row.kind == "invoice_issued" {
                let pdf = msg
                    .attachments()
                    .find(|a| {
                        a.attachment_name()
                            .is_some_and(|n| n.ends_with("-2026-0001.pdf"))
                    })
                    .expect("the invoice is attached");
                assert!(pdf.contents().starts_with(b"%PDF-"));
                let total = if lang == "fr" {
                    "170,00\u{a0}$"
                } else {
                    "$170.00"
                };
                assert!(text.contains(total), "{text}");
            }
            if row.kind == "proposal_confirm" {
                assert!(
                    text.contains(
                        "https://babillard.test/propose/confirm/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
                    ),
                    "{text}"
                );
                assert!(text.contains("Café-jasette"), "{text}");
            }
            // Every payment email but the expiry's names the amount, as the reader writes it.
            if (row.kind.starts_with("payment_") && row.kind != "payment_expired")
                || row.kind == "refund_issued"
            {
                let amount = if lang == "fr" {
                    "15,00\u{a0}$"
                } else {
                    "$15.00"
                };
                assert!(text.contains(amount), "{} ({lang}): {text}", row.kind);
                assert!(html.contains(amount), "{} ({lang}): {html}", row.kind);
            }
            if row.kind == "proposal_rejected" {
                assert!(text.contains("Hors de la région"), "{text}");
            }
            if let Some(ics) = &composed.ics {
                parse_ics(ics);
            }
            assert_eq!(
                composed.ics.is_some(),
                kind.carries_invite(),
                "{}",
                row.kind
            );
            if row.kind == "registration_confirmed" {
                assert_eq!(subject, expected);
            }
            if row.kind == "session_cancelled" {
                assert!(text.contains("Tempête de neige"));
            }
            if row.kind == "registration_waitlisted" {
                assert!(
                    text.contains(if lang == "fr" {
                        "en position 3"
                    } else {
                        "in position 3"
                    }),
                    "{text}"
                );
            }
            if row.kind == "organiser_message" {
                assert_eq!(subject, "Stationnement fermé");
                assert!(text.contains("Garez-vous rue Hamford."));
                assert!(html.contains("Garez-vous rue Hamford.<br>Merci!"), "{html}");
            }
        }
        app.with_conn(|c| {
            diesel::update(outbox::table)
                .set(outbox::status.eq("sent"))
                .execute(c)
                .unwrap()
        });
    }
}

#[actix_web::test]
async fn without_smtp_messages_are_written_as_eml_files() {
    let app = app_with_smtp(Backend::Sqlite, None).await;
    let sid = new_session(&app, "Commerce électronique", "2026-12-05 15:00", "");
    confirmed_with_email_in(&app, sid, "eml@example.org", "Émile", "en");
    assert_eq!(
        worker::drain_at(&app.state.mail(), babillard::db::now()).unwrap(),
        1
    );
    let dir = &app.state.settings.mail_dir;
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        files[0]
            .to_string_lossy()
            .ends_with("-registration_confirmed.eml")
    );
    let bytes = std::fs::read(&files[0]).unwrap();
    if std::env::var("PEEK").is_ok() {
        std::fs::write("/tmp/peek.eml", &bytes).unwrap();
    }
    let msg = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        msg.subject(),
        Some("Registration confirmed: Commerce électronique")
    );
    parse_ics(&calendar_part(&msg).unwrap());
}
