//! The baseline of `scripts/bench/feed.sh`: the same bytes as a feed, served from
//! memory by actix-web with nothing else (no database, no routing table, no
//! middleware), so the feed's figures can be read as a ratio to "a static file".
//! Usage: `static_server FILE PORT [gzip]`.

use actix_web::{App, HttpResponse, HttpServer, web};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: static_server FILE PORT");
    let port: u16 = args.next().expect("PORT").parse().expect("a port number");
    let body = web::Bytes::from(std::fs::read(&file)?);
    HttpServer::new(move || {
        let body = body.clone();
        App::new().default_service(web::to(move || {
            let body = body.clone();
            async move {
                HttpResponse::Ok()
                    .content_type("text/calendar; charset=utf-8")
                    .body(body)
            }
        }))
    })
    .bind(("127.0.0.1", port))?
    .run()
    .await
}
