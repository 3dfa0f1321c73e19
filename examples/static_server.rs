//! The baseline of `scripts/bench/feed.sh`: the same bytes as a feed, served from
//! memory by actix-web with nothing else (no database, no routing table, no
//! middleware), so the feed's figures can be read as a ratio to "a static file".
//! Usage: `static_server FILE PORT`: served as is, or gzipped once at start-up (with
//! `Content-Encoding: gzip`) to requests that accept gzip.

use std::io::Write;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: static_server FILE PORT");
    let port: u16 = args.next().expect("PORT").parse().expect("a port number");
    let raw = std::fs::read(&file)?;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&raw)?;
    let gz = web::Bytes::from(enc.finish()?);
    let raw = web::Bytes::from(raw);
    HttpServer::new(move || {
        let (raw, gz) = (raw.clone(), gz.clone());
        App::new().default_service(web::to(move |req: HttpRequest| {
            let (raw, gz) = (raw.clone(), gz.clone());
            async move {
                let gzip = req
                    .headers()
                    .get("accept-encoding")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.contains("gzip"));
                let mut res = HttpResponse::Ok();
                res.content_type("text/calendar; charset=utf-8");
                if gzip {
                    res.insert_header(("content-encoding", "gzip")).body(gz)
                } else {
                    res.body(raw)
                }
            }
        }))
    })
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
