//! [`Service`]: start-up (migrate, connect, bind) and serving.

use crate::api;
use crate::migrations::{self, UnsupportedDatabase};
use crate::settings::Settings;
use sqlx::any::AnyPoolOptions;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] UnsupportedDatabase),
    #[error("migrations failed: {0}")]
    Migrations(#[from] shale::Error),
    #[error("cannot open the connection pool: {0}")]
    Pool(#[from] sqlx::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// A started service: the database at head, the pool open, the port bound.
pub struct Service {
    listener: TcpListener,
    router: axum::Router,
    addr: SocketAddr,
}

impl Service {
    /// Upgrades the database to head with the embedded migrations (under shale's lock, so
    /// replicas may start together), opens the pool and binds the address.
    pub async fn start(settings: &Settings) -> Result<Service, StartError> {
        let url = settings.database_url.as_str();
        let report = migrations::for_url(url)?.upgrade(url).await?;
        for step in &report.steps {
            eprintln!("migrated: {} ({} ms)", step.revision, step.duration_ms);
        }
        Service::open(settings).await
    }

    /// Opens the pool and binds the address without migrating: for a database whose
    /// revisions are applied by the `shale` CLI (expand-contract.sh).
    pub async fn open(settings: &Settings) -> Result<Service, StartError> {
        let url = settings.database_url.as_str();
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .connect(url)
            .await?;
        let bind = |source| StartError::Bind {
            addr: settings.bind_addr,
            source,
        };
        let listener = TcpListener::bind(settings.bind_addr).await.map_err(bind)?;
        let addr = listener.local_addr().map_err(bind)?;
        Ok(Service {
            listener,
            router: api::router(pool),
            addr,
        })
    }

    /// The address the service listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves requests until `shutdown` completes.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
    }
}
