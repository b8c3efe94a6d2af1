//! [`Tool`]: the tools whose histories shale imports, and what shale knows of each.

/// A tool whose history shale imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tool {
    Sqlx,
    Diesel,
    Refinery,
    Flyway,
    GolangMigrate,
    Dbmate,
}

impl Tool {
    /// Every tool, in the order the documentation lists them.
    pub const ALL: [Tool; 6] = [
        Tool::Sqlx,
        Tool::Diesel,
        Tool::Refinery,
        Tool::Flyway,
        Tool::GolangMigrate,
        Tool::Dbmate,
    ];

    /// The tool's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Sqlx => "sqlx",
            Tool::Diesel => "diesel",
            Tool::Refinery => "refinery",
            Tool::Flyway => "flyway",
            Tool::GolangMigrate => "golang-migrate",
            Tool::Dbmate => "dbmate",
        }
    }

    /// The prefix of the revision ids imported from this tool (see [`revision_id`]).
    pub fn id_prefix(self) -> &'static str {
        match self {
            Tool::GolangMigrate => "migrate",
            other => other.name(),
        }
    }

    /// The folder the tool reads by default, relative to the project.
    pub fn default_dir(self) -> &'static str {
        match self {
            Tool::Flyway => "sql",
            Tool::Dbmate => "db/migrations",
            _ => "migrations",
        }
    }

    /// The table in which the tool records what it applied.
    pub fn history_table(self) -> &'static str {
        match self {
            Tool::Sqlx => "_sqlx_migrations",
            Tool::Diesel => "__diesel_schema_migrations",
            Tool::Refinery => "refinery_schema_history",
            Tool::Flyway => "flyway_schema_history",
            Tool::GolangMigrate | Tool::Dbmate => "schema_migrations",
        }
    }
}
