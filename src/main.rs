//! The `babillard` command: serve, migrate, demo, user, token, import, backup, restore.

use std::io::IsTerminal;

use anyhow::Context;
use clap::{Parser, Subcommand};

use babillard::config::Settings;
use babillard::web::AppState;

#[derive(Parser)]
#[command(
    name = "babillard",
    version,
    about = "Calendrier régional et inscriptions aux ateliers numériques"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service and its background jobs (migrates the database first).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demonstration region and programme (safe to run again).
    Demo,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Import a partner's calendar (an https or webcal address, or an .ics file) into an
    /// organisation's programme; the address is then refreshed by the service's job.
    Import {
        /// https://…, webcal://… or the path of an .ics file.
        location: String,
        /// The organisation's slug (its address on the site: /organisations/SLUG).
        #[arg(long)]
        organisation: String,
        /// Publish without moderation (the first import registers the calendar so).
        #[arg(long)]
        trusted: bool,
        /// Count what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The calendar's name (default: the name the calendar gives itself).
        #[arg(long)]
        name: Option<String>,
        /// The kind of activity for its sessions, by slug (default: the first kind).
        #[arg(long)]
        kind: Option<String>,
    },
    /// Write a consistent copy of the database to PATH while the service runs
    /// (SQLite: VACUUM INTO; PostgreSQL: pg_dump --format=custom).
    Backup {
        path: std::path::PathBuf,
        /// Replace PATH if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Put a backup back into the configured database, then migrate it. The database
    /// must be empty unless --force; stop the service first.
    Restore {
        path: std::path::PathBuf,
        /// Replace what the database holds.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account (or update the one with that email).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Regional administrator: every organisation, venue and vocabulary.
        #[arg(long)]
        admin: bool,
        /// Read the password from this environment variable instead of asking.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Issue an API bearer token for a user; it is printed once.
    Create {
        #[arg(long)]
        email: String,
        /// A label to recognise the token by ("site de la MRC").
        #[arg(long, default_value = "api")]
        name: String,
        /// The token stops working after this many days (default: until revoked).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3650))]
        expires_days: Option<u32>,
    },
    /// List API tokens (never the tokens themselves): id, owner, label, dates, state.
    List {
        /// Only this user's tokens.
        #[arg(long)]
        email: Option<String>,
    },
    /// Revoke a token by its id (from `token list`): it gets 401 from then on.
    Revoke { id: i64 },
}

fn init_tracing(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&settings.log));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
}

fn main() -> anyhow::Result<()> {
    limit_malloc_arenas();
    let cli = Cli::parse();
    let settings = Settings::load()?;
    init_tracing(&settings);
    match cli.command {
        Command::Serve => serve(settings),
        Command::Migrate => {
            let db = babillard::db::Db::open(
                settings.database_url.expose(),
                settings.database_pool_size,
            )?;
            let n = db.migrate()?;
            println!("{n} migration(s) applied ({}).", db.backend().name());
            Ok(())
        }
        Command::Demo => {
            let state = AppState::new(settings)?;
            let report = babillard::demo::load(&state.db, true)?;
            let base = state.settings.base_url.trim_end_matches('/');
            println!("{report}");
            println!("Programme : {base}/events/{}", report.journees_slug);
            println!("Calendrier : {base}/calendar");
            println!(
                "Back-office : {base}/admin (admin@demo.babillard.quebec, mot de passe demo-babillard)"
            );
            println!("Lancez « cargo run -- serve » puis ouvrez ces adresses.");
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    name,
                    admin,
                    password_env,
                },
        } => {
            let password = match password_env {
                Some(var) => std::env::var(&var).with_context(|| format!("reading ${var}"))?,
                None => rpassword::prompt_password("Mot de passe / Password: ")
                    .context("reading the password")?,
            };
            if password.chars().count() < 10 {
                anyhow::bail!(
                    "le mot de passe doit compter au moins 10 caractères (password: 10 characters or more)"
                );
            }
            let state = AppState::new(settings)?;
            let mut conn = state.db.write()?;
            let (user, created) = babillard::store::users::upsert_user(
                &mut conn,
                &email,
                &name,
                Some(&password),
                admin,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "{} {} <{}>{}",
                if created { "Created" } else { "Updated" },
                user.name,
                user.email,
                if user.is_admin {
                    " (regional administrator)"
                } else {
                    ""
                }
            );
            Ok(())
        }
        Command::Token { command } => token(settings, command),
        Command::Backup { path, force } => {
            let written = babillard::backup::backup(settings.database_url.expose(), &path, force)?;
            println!("{written}");
            Ok(())
        }
        Command::Restore { path, force } => {
            let restored =
                babillard::backup::restore(settings.database_url.expose(), &path, force)?;
            println!(
                "Restored {} into the {} database: {} registrations, {} migration(s) applied.",
                path.display(),
                babillard::db::Backend::from_url(settings.database_url.expose()).name(),
                restored.registrations,
                restored.migrations
            );
            Ok(())
        }
        Command::Import {
            location,
            organisation,
            trusted,
            dry_run,
            name,
            kind,
        } => import(
            settings,
            babillard::jobs::imports::CliImport {
                location,
                organisation,
                name,
                kind,
                trusted,
                dry_run,
            },
        ),
    }
}

/// A spinner on the terminal (nothing when the output is not one), naming each stage.
struct Spinner(indicatif::ProgressBar);

impl babillard::jobs::imports::Progress for Spinner {
    fn stage(&self, what: &str) {
        self.0.set_message(match what {
            "download" => "téléchargement du calendrier / downloading the calendar",
            "read" => "lecture des événements / reading the events",
            _ => "mise à jour du programme / updating the programme",
        });
    }
}

fn import(settings: Settings, req: babillard::jobs::imports::CliImport) -> anyhow::Result<()> {
    let state = AppState::new(settings)?;
    let mut conn = state.db.write()?;
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let spinner = Spinner(bar);
    let result = babillard::jobs::imports::cli_import(&mut conn, &state.settings, &req, &spinner);
    spinner.0.finish_and_clear();
    let (source_id, s) = result?;
    if req.dry_run {
        println!("Simulation : rien n'a été enregistré. / Dry run: nothing was written.");
    } else {
        println!("Calendrier n° {source_id} / calendar #{source_id}");
    }
    println!("nouvelles activités / new:            {}", s.new);
    println!("mises à jour / updated:               {}", s.updated);
    println!("annulées / cancelled:                 {}", s.cancelled);
    println!("en attente de modération / queued:    {}", s.queued);
    println!("fusionnées / merged:                  {}", s.merged);
    println!("inchangées / unchanged:               {}", s.unchanged);
    println!("passées / past:                       {}", s.past);
    println!("refusées / refused:                   {}", s.refused.len());
    for r in &s.refused {
        println!(
            "  - {}: {}",
            r.uid.as_deref().unwrap_or("(sans UID / no UID)"),
            r.reason
        );
    }
    Ok(())
}

fn token(settings: Settings, command: TokenCommand) -> anyhow::Result<()> {
    use babillard::store::users;
    let state = AppState::new(settings)?;
    let mut conn = state.db.write()?;
    match command {
        TokenCommand::Create {
            email,
            name,
            expires_days,
        } => {
            let token = users::create_token(&mut conn, &email, &name, expires_days).map_err(
                |e| match e {
                    babillard::store::Error::NotFound => {
                        anyhow::anyhow!(
                            "no user with email {email}; create one with `babillard user add`"
                        )
                    }
                    other => anyhow::anyhow!("{other}"),
                },
            )?;
            println!("{token}");
        }
        TokenCommand::List { email } => {
            let now = babillard::db::now();
            let when = |t: Option<chrono::NaiveDateTime>, none: &str| {
                t.map_or(none.to_owned(), |t| {
                    t.format("%Y-%m-%d %H:%M UTC").to_string()
                })
            };
            println!("id\temail\tname\tcreated\tlast used\texpires\tstate");
            for t in users::list_tokens(&mut conn, email.as_deref())? {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    t.id,
                    t.email,
                    t.name,
                    when(Some(t.created_at), ""),
                    when(t.last_used_at, "never"),
                    when(t.expires_at, "never"),
                    t.state(now)
                );
            }
        }
        TokenCommand::Revoke { id } => {
            if !users::revoke_token(&mut conn, id)? {
                anyhow::bail!("no live token with id {id} (see `babillard token list`)");
            }
            println!("Token {id} revoked.");
        }
    }
    Ok(())
}

fn serve(settings: Settings) -> anyhow::Result<()> {
    let workers = if settings.workers == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        settings.workers
    };
    actix_web::rt::System::new().block_on(async move {
        let started = std::time::Instant::now();
        let bind = settings.bind.clone();
        let state = actix_web::web::Data::new(AppState::new(settings)?);
        release_freed_memory();
        if state.settings.run_jobs {
            babillard::jobs::spawn(state.clone());
        }
        let server_state = state.clone();
        let server = actix_web::HttpServer::new(move || babillard::web::app(server_state.clone()))
            .workers(workers)
            .bind(&bind)
            .with_context(|| format!("listening on {bind}"))?
            .run();
        tracing::info!(
            %bind,
            database = state.db.backend().name(),
            workers,
            ready_ms = started.elapsed().as_millis() as u64,
            "Babillard is ready"
        );
        server.await.context("running the web server")
    })
}

/// Parsing the templates and running the migrations allocate and free several MB that
/// glibc would otherwise keep in the heap for the life of the process: give the free
/// pages back once start-up is done.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; any thread may call it.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// glibc gives busy threads their own malloc arenas (up to eight per core), and the
/// blocking pool that runs database work has many threads: memory would grow with
/// load and never come back. Two arenas keep a small service small.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; called first thing in main, before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
