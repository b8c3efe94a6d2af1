//! The statement rules: one pass over a revision's upgrade section, in order, knowing which
//! tables the revision created so far and what the replayed schema says.

use super::context::DatabaseFacts;
use super::finding::Rule;
use super::replay::Tracked;
use super::sql::{
    default_of, ident, is_generated, is_not_null, object, target_table, volatile_call, Parsed,
};
use super::types::{family, narrows, pg_rewrites, Family};
use crate::dialect::Dialect;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, CreateIndex, CreateTable,
    DataType, FromTable, Ident, ObjectType, RenameTableNameKind, Set, Statement, TableConstraint,
};
use std::collections::BTreeSet;

/// What the rules may know besides the script: the dialect, the live database.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Env<'a> {
    pub dialect: Dialect,
    pub database: Option<&'a DatabaseFacts>,
    /// Whether the revision runs in a transaction (no `-- shale:transaction off`).
    pub transactional: bool,
}

impl Env<'_> {
    /// Whether PostgreSQL's locking rules apply.
    fn postgres(&self) -> bool {
        self.dialect.has_lock_safe_ddl()
    }
}

/// A finding before it gets its file, revision and suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Raw {
    pub rule: Rule,
    pub line: usize,
    pub message: String,
}

/// The tables that a section rebuilds: a table created in the section and then renamed
/// to the name of another (SQLite's create-copy-drop-rename). Dropping the old table is
/// then part of the rebuild, not a loss.
pub(crate) fn rebuilt_tables(parsed: &[Parsed]) -> BTreeSet<String> {
    let mut created = BTreeSet::new();
    let mut rebuilt = BTreeSet::new();
    for statement in parsed.iter().filter_map(|p| p.result.as_ref().ok()) {
        match statement {
            Statement::CreateTable(c) => {
                created.insert(object(&c.name));
            }
            _ => {
                for (from, to) in renames(statement) {
                    if created.contains(&from) {
                        rebuilt.insert(to);
                    }
                }
            }
        }
    }
    rebuilt
}

/// The table renames a statement makes, `(from, to)`.
pub(crate) fn renames(statement: &Statement) -> Vec<(String, String)> {
    match statement {
        Statement::AlterTable {
            name, operations, ..
        } => operations
            .iter()
            .filter_map(|op| match op {
                AlterTableOperation::RenameTable {
                    table_name: RenameTableNameKind::As(to) | RenameTableNameKind::To(to),
                } => Some((object(name), object(to))),
                _ => None,
            })
            .collect(),
        Statement::RenameTable(list) => list
            .iter()
            .map(|r| (object(&r.old_name), object(&r.new_name)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Runs the statement rules over an upgrade section; returns the findings and the
/// replayed schema after the section.
pub(crate) fn check_upgrade(parsed: &[Parsed], before: Tracked, env: Env) -> (Vec<Raw>, Tracked) {
    let mut pass = Pass {
        env,
        tracked: before,
        created: BTreeSet::new(),
        added: BTreeSet::new(),
        rebuilt: rebuilt_tables(parsed),
        lock_timeout: false,
        lock_timeout_reported: false,
        algorithm: false,
        open_transaction: None,
        out: Vec::new(),
    };
    for p in parsed {
        match &p.result {
            Ok(statement) => {
                if p.drop_concurrently && env.transactional {
                    let message = "DROP INDEX CONCURRENTLY in a revision that runs in a transaction: PostgreSQL refuses it";
                    pass.report(Rule::ConcurrentInTransaction, p.line, message.to_string());
                }
                pass.statement(statement, p.line);
                pass.tracked.apply(statement);
            }
            Err(_) if p.copies.is_some() => {
                if let Some((table, what)) = &p.copies {
                    pass.algorithm = false;
                    pass.copying(table, what, p.line);
                }
            }
            Err(_) if p.rewrites.is_some() => {
                if let Some((table, what)) = &p.rewrites {
                    if pass.existing(table) {
                        let message = format!(
                            "{what} rewrites {table} under an ACCESS EXCLUSIVE lock: reads and \
                             writes wait until the copy ends"
                        );
                        pass.report(Rule::TableRewrite, p.line, message);
                    }
                }
            }
            Err(_) if p.moves.is_some() => {
                if let Some((table, schema)) = &p.moves {
                    pass.move_table(table, schema, p.line);
                }
            }
            Err(_) if p.harmless => {}
            Err(message) => pass.report(
                Rule::Unparsed,
                p.line,
                format!("not checked: the SQL parser cannot read this statement ({message})"),
            ),
        }
    }
    if let Some(line) = pass.open_transaction {
        let message =
            "BEGIN with no COMMIT or ROLLBACK after it: the revision leaves a transaction open";
        pass.report(Rule::TransactionNesting, line, message.to_string());
    }
    (pass.out, pass.tracked)
}

/// The state of one pass over an upgrade section.
struct Pass<'a> {
    env: Env<'a>,
    tracked: Tracked,
    /// Tables created earlier in this section.
    created: BTreeSet<String>,
    /// Columns added earlier in this section, `(table, column)`.
    added: BTreeSet<(String, String)>,
    rebuilt: BTreeSet<String>,
    lock_timeout: bool,
    lock_timeout_reported: bool,
    /// The `ALTER TABLE` being checked says `ALGORITHM=…` (MySQL).
    algorithm: bool,
    /// The line of a `BEGIN` not yet closed, in a revision outside a transaction.
    open_transaction: Option<usize>,
    out: Vec<Raw>,
}

impl Pass<'_> {
    fn report(&mut self, rule: Rule, line: usize, message: String) {
        self.out.push(Raw {
            rule,
            line,
            message,
        });
    }

    /// Whether `table` already holds data that the statement can affect: not created
    /// earlier in this revision and, with a database, present in it.
    fn existing(&self, table: &str) -> bool {
        !self.created.contains(table) && self.env.database.is_none_or(|db| db.has_table(table))
    }

    /// `existing table NAME`, with its size when the database knows it.
    fn describe(&self, table: &str) -> String {
        match self.env.database.and_then(|db| db.rows(table)) {
            Some(rows) => format!("existing table {table} (about {rows} rows)"),
            None => format!("existing table {table}"),
        }
    }

    /// PostgreSQL: DDL that locks an existing table should run under a `lock_timeout`,
    /// or it queues behind a long transaction and every query queues behind it.
    fn locks(&mut self, table: &str, line: usize) {
        if !self.env.postgres() || self.lock_timeout || self.lock_timeout_reported {
            return;
        }
        self.lock_timeout_reported = true;
        let what = self.describe(table);
        self.report(
            Rule::MissingLockTimeout,
            line,
            format!("locks {what} with no lock_timeout set earlier in the revision"),
        );
    }

    fn statement(&mut self, statement: &Statement, line: usize) {
        match statement {
            Statement::CreateTable(create) => self.create_table(create, line),
            Statement::CreateIndex(index) => self.create_index(index, line),
            // A materialized view is a new relation: building indexes on it blocks nobody.
            Statement::CreateView {
                name,
                materialized: true,
                ..
            } => {
                self.created.insert(object(name));
            }
            Statement::Drop {
                object_type: ObjectType::Table,
                names,
                ..
            } => self.drop_tables(names.iter().map(object), line),
            Statement::Truncate { table_names, .. } => {
                self.truncate(table_names.iter().map(|t| object(&t.name)), line);
            }
            Statement::Delete(delete) if delete.selection.is_none() => {
                let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) =
                    &delete.from;
                self.delete_all(from.iter().filter_map(target_table), line);
            }
            Statement::Update {
                table,
                assignments,
                selection: None,
                ..
            } => self.update(table, assignments, line),
            // A schema dropped without CASCADE must be empty already (PostgreSQL refuses
            // otherwise): autogenerate drops a schema after everything in it.
            Statement::Drop {
                object_type: object_type @ (ObjectType::Database | ObjectType::Schema),
                names,
                cascade,
                ..
            } if *object_type == ObjectType::Database || *cascade => {
                for name in names.iter().map(object) {
                    let message = format!("drops {object_type} {name} and everything in it");
                    self.report(Rule::DropDatabase, line, message);
                }
            }
            Statement::StartTransaction { .. } | Statement::Commit { .. } => {
                self.transaction(statement, line)
            }
            Statement::Rollback {
                savepoint: None, ..
            } => self.transaction(statement, line),
            Statement::AlterTable {
                name, operations, ..
            } => {
                let table = object(name);
                self.algorithm = operations
                    .iter()
                    .any(|op| matches!(op, AlterTableOperation::Algorithm { .. }));
                for op in operations {
                    self.alter(&table, op, line);
                }
            }
            Statement::RenameTable(_) => {
                for (from, to) in renames(statement) {
                    self.rename_table(&from, &to, line);
                }
            }
            Statement::Set(Set::SingleAssignment { variable, .. })
                if object(variable) == "lock_timeout" =>
            {
                self.lock_timeout = true;
            }
            _ => {}
        }
    }

    /// `BEGIN`, `COMMIT`, `ROLLBACK`: nested in the revision's own transaction, or — in a
    /// revision outside one — a `BEGIN` left open.
    fn transaction(&mut self, statement: &Statement, line: usize) {
        let begin = matches!(statement, Statement::StartTransaction { .. });
        if self.env.transactional {
            let message = format!(
                "{} inside the revision's own transaction: shale already opened it and commits it with the version update",
                first_word(&statement.to_string())
            );
            self.report(Rule::TransactionNesting, line, message);
        } else if begin {
            self.open_transaction = Some(line);
        } else {
            self.open_transaction = None;
        }
    }

    /// MySQL/MariaDB: a change that only a copying ALTER makes (the table is rebuilt
    /// while writes wait), written without `ALGORITHM=` to say so.
    fn copying(&mut self, table: &str, what: &str, line: usize) {
        if self.env.dialect != Dialect::Mysql || self.algorithm || !self.existing(table) {
            return;
        }
        let of = self.describe(table);
        let message = format!("{what} copies {of}, blocking writes until the copy ends");
        self.report(Rule::MysqlCopyingAlter, line, message);
    }

    /// Whether `table.column` changes type (unknown before: not reported, as a
    /// `CHANGE COLUMN` may only rename).
    fn retypes(&self, table: &str, column: &str, new: &DataType) -> bool {
        self.tracked
            .column_type(table, column)
            .is_some_and(|old| old.to_string() != new.to_string())
    }

    /// The column-type advice (PostgreSQL) for `column` of `table`.
    fn advise(&mut self, table: &str, column: &ColumnDef, key: bool, line: usize) {
        if !self.env.postgres() {
            return;
        }
        let name = format!("{table}.{}", ident(&column.name));
        for (rule, message) in super::style::column_advice(&name, &column.data_type, key) {
            self.report(rule, line, message);
        }
    }

    fn drop_tables(&mut self, tables: impl Iterator<Item = String>, line: usize) {
        for table in tables {
            if self.existing(&table) && !self.rebuilt.contains(&table) {
                let what = self.describe(&table);
                self.report(Rule::DropTable, line, format!("drops {what}"));
                self.locks(&table, line);
            }
            self.created.remove(&table);
        }
    }

    fn truncate(&mut self, tables: impl Iterator<Item = String>, line: usize) {
        for table in tables {
            if !self.existing(&table) {
                continue;
            }
            let what = self.describe(&table);
            self.report(Rule::Truncate, line, format!("empties {what}"));
            self.locks(&table, line);
        }
    }

    fn delete_all(&mut self, tables: impl Iterator<Item = String>, line: usize) {
        for table in tables {
            if !self.existing(&table) {
                continue;
            }
            let what = self.describe(&table);
            let message = format!("deletes every row of {what}");
            self.report(Rule::DeleteWithoutWhere, line, message);
        }
    }

    fn update(
        &mut self,
        table: &sqlparser::ast::TableWithJoins,
        assignments: &[sqlparser::ast::Assignment],
        line: usize,
    ) {
        let Some(name) = target_table(table) else {
            return;
        };
        // A backfill of columns added in this revision touches only new values.
        let only_new_columns = assignments.iter().all(|a| match &a.target {
            sqlparser::ast::AssignmentTarget::ColumnName(c) => {
                self.added.contains(&(name.clone(), object(c)))
            }
            _ => false,
        });
        if self.existing(&name) && !only_new_columns {
            let what = self.describe(&name);
            self.report(
                Rule::UpdateWithoutWhere,
                line,
                format!("updates every row of {what}"),
            );
        }
    }

    fn create_table(&mut self, create: &CreateTable, line: usize) {
        let table = object(&create.name);
        let mut unnamed: Vec<String> = create
            .constraints
            .iter()
            .filter(|c| is_unnamed(c))
            .map(|c| c.to_string())
            .collect();
        for column in &create.columns {
            unnamed.extend(unnamed_column_constraints(column));
            let in_key = create.constraints.iter().any(|c| match c {
                TableConstraint::PrimaryKey { columns, .. } => columns
                    .iter()
                    .any(|k| k.to_string() == column.name.to_string()),
                _ => false,
            });
            self.advise(&table, column, in_key || is_primary(column), line);
        }
        if !unnamed.is_empty() {
            let message = format!(
                "CREATE TABLE {table} has unnamed constraints: {}",
                unnamed.join(", ")
            );
            self.report(Rule::UnnamedConstraint, line, message);
        }
        self.created.insert(table);
    }

    fn create_index(&mut self, index: &CreateIndex, line: usize) {
        let table = object(&index.table_name);
        let name = index.name.as_ref().map(object);
        if name.is_none() {
            let message = format!("CREATE INDEX on {table} has no name");
            self.report(Rule::UnnamedConstraint, line, message);
        }
        if !self.env.postgres() {
            return;
        }
        let label = name.unwrap_or_else(|| "index".to_string());
        if index.concurrently && self.env.transactional {
            let message = format!(
                "CREATE INDEX CONCURRENTLY {label} in a revision that runs in a transaction: PostgreSQL refuses it"
            );
            self.report(Rule::ConcurrentInTransaction, line, message);
        } else if !index.concurrently && self.existing(&table) {
            let what = self.describe(&table);
            let message = format!("CREATE INDEX {label} blocks writes to {what} while it builds");
            self.report(Rule::IndexNotConcurrent, line, message);
            self.locks(&table, line);
        }
    }

    fn rename_table(&mut self, from: &str, to: &str, line: usize) {
        if self.existing(from) {
            let what = self.describe(from);
            let message =
                format!("renames {what} to {to}: the previous release still reads {from}");
            self.report(Rule::RenameTable, line, message);
            self.locks(from, line);
        }
        if self.created.remove(from) {
            self.created.insert(to.to_string());
        }
    }

    /// `ALTER TABLE … SET SCHEMA`: to the previous release, a table gone as much as a
    /// renamed one (it is known by the same name within its schema, so nothing else of
    /// what the pass knows changes).
    fn move_table(&mut self, table: &str, schema: &str, line: usize) {
        if self.existing(table) {
            let what = self.describe(table);
            let message = format!(
                "moves {what} into {schema}: the previous release still reads it where it was"
            );
            self.report(Rule::RenameTable, line, message);
            self.locks(table, line);
        }
    }

    fn alter(&mut self, table: &str, op: &AlterTableOperation, line: usize) {
        let existing = self.existing(table);
        if existing && !matches!(op, AlterTableOperation::RenameTable { .. }) {
            self.locks(table, line);
        }
        match op {
            AlterTableOperation::AddColumn { column_def, .. } => {
                self.add_column(table, column_def, line);
            }
            AlterTableOperation::DropColumn { column_names, .. } => {
                for column in column_names.iter().map(ident) {
                    let new = self.added.remove(&(table.to_string(), column.clone()));
                    if existing && !new {
                        let what = self.describe(table);
                        let message = format!("drops column {column} of {what}");
                        self.report(Rule::DropColumn, line, message);
                    }
                }
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                self.alter_column(table, column_name, op, line);
            }
            AlterTableOperation::ModifyColumn {
                col_name,
                data_type,
                ..
            } => {
                if self.retypes(table, &ident(col_name), data_type) {
                    self.copying(table, &format!("MODIFY COLUMN {}", ident(col_name)), line);
                }
                self.type_change(table, &ident(col_name), data_type, line);
            }
            AlterTableOperation::ChangeColumn {
                old_name,
                new_name,
                data_type,
                ..
            } => {
                if self.retypes(table, &ident(old_name), data_type) {
                    self.copying(table, &format!("CHANGE COLUMN {}", ident(old_name)), line);
                }
                self.type_change(table, &ident(old_name), data_type, line);
                if ident(old_name) != ident(new_name) {
                    self.rename_column(table, old_name, new_name, line);
                }
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => self.rename_column(table, old_column_name, new_column_name, line),
            AlterTableOperation::RenameTable {
                table_name: RenameTableNameKind::As(to) | RenameTableNameKind::To(to),
            } => self.rename_table(table, &object(to), line),
            AlterTableOperation::AddConstraint {
                constraint,
                not_valid,
            } => {
                if matches!(
                    constraint,
                    TableConstraint::ForeignKey { .. } | TableConstraint::Check { .. }
                ) {
                    self.copying(table, "adding a foreign key or check", line);
                }
                self.add_constraint(table, constraint, *not_valid, line)
            }
            AlterTableOperation::DropPrimaryKey { .. } => {
                self.copying(table, "DROP PRIMARY KEY", line)
            }
            _ => {}
        }
    }

    fn add_column(&mut self, table: &str, column: &ColumnDef, line: usize) {
        let name = ident(&column.name);
        let unnamed = unnamed_column_constraints(column);
        if !unnamed.is_empty() {
            let message = format!(
                "column {table}.{name} has unnamed constraints: {}",
                unnamed.join(", ")
            );
            self.report(Rule::UnnamedConstraint, line, message);
        }
        self.advise(table, column, is_primary(column), line);
        if self.existing(table) {
            let default = default_of(column);
            let serial = self.env.postgres() && is_serial(&column.data_type);
            if is_not_null(column) && default.is_none() && !is_generated(column) && !serial {
                let what = self.describe(table);
                let message = format!(
                    "adds NOT NULL column {name} without a default to {what}: it fails when the table has rows"
                );
                self.report(Rule::NotNullWithoutDefault, line, message);
            }
            let volatile = default.and_then(volatile_call).or_else(|| {
                is_serial(&column.data_type).then(|| column.data_type.to_string().to_lowercase())
            });
            if let Some(call) = volatile.filter(|_| self.env.postgres()) {
                let what = self.describe(table);
                let message = format!(
                    "column {name} with a volatile default ({call}) rewrites {what} under an exclusive lock"
                );
                self.report(Rule::VolatileDefault, line, message);
            }
        }
        self.added.insert((table.to_string(), name));
    }

    fn alter_column(
        &mut self,
        table: &str,
        column: &Ident,
        op: &AlterColumnOperation,
        line: usize,
    ) {
        let name = ident(column);
        match op {
            AlterColumnOperation::SetDataType { data_type, .. } => {
                self.type_change(table, &name, data_type, line);
            }
            AlterColumnOperation::SetNotNull if self.env.postgres() => {
                let new = self.added.contains(&(table.to_string(), name.clone()));
                let checked = self.tracked.has_validated_not_null_check(table, &name);
                if self.existing(table) && !new && !checked {
                    let what = self.describe(table);
                    let message = format!(
                        "SET NOT NULL on {table}.{name} scans all of {what} under an exclusive lock"
                    );
                    self.report(Rule::SetNotNull, line, message);
                }
            }
            _ => {}
        }
    }

    fn type_change(&mut self, table: &str, column: &str, new: &DataType, line: usize) {
        if !self.existing(table)
            || self
                .added
                .contains(&(table.to_string(), column.to_string()))
        {
            return;
        }
        let old = self.tracked.column_type(table, column).cloned();
        if let Some(old) = &old {
            if narrows(old, new) {
                let message = format!(
                    "changes {table}.{column} from {old} to {new}: existing values may not fit"
                );
                self.report(Rule::NarrowingType, line, message);
            }
        }
        if self.env.postgres() && pg_rewrites(old.as_ref(), new) {
            let what = self.describe(table);
            let from = old.map_or_else(String::new, |o| format!(" from {o}"));
            let message = format!(
                "changing {table}.{column}{from} to {new} rewrites {what} under an exclusive lock"
            );
            self.report(Rule::TypeRewrite, line, message);
        }
    }

    fn rename_column(&mut self, table: &str, old: &Ident, new: &Ident, line: usize) {
        let (old, new) = (ident(old), ident(new));
        if self.existing(table) && !self.added.contains(&(table.to_string(), old.clone())) {
            let what = self.describe(table);
            let message = format!(
                "renames column {old} of {what} to {new}: the previous release still reads {old}"
            );
            self.report(Rule::RenameColumn, line, message);
        }
    }

    fn add_constraint(
        &mut self,
        table: &str,
        constraint: &TableConstraint,
        not_valid: bool,
        line: usize,
    ) {
        if is_unnamed(constraint) {
            let message = format!("constraint on {table} has no name: {constraint}");
            self.report(Rule::UnnamedConstraint, line, message);
        }
        let builds_index = matches!(
            constraint,
            TableConstraint::Unique { .. } | TableConstraint::PrimaryKey { .. }
        );
        if self.env.postgres() && builds_index && self.existing(table) {
            let what = self.describe(table);
            let message = format!(
                "adding {constraint} builds an index on {what} while blocking writes; \
                 build it with CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … USING INDEX"
            );
            self.report(Rule::IndexNotConcurrent, line, message);
        }
        let validating = matches!(
            constraint,
            TableConstraint::ForeignKey { .. } | TableConstraint::Check { .. }
        );
        if self.env.postgres() && validating && !not_valid && self.existing(table) {
            let what = self.describe(table);
            let message =
                format!("adding {constraint} checks every row of {what} while blocking writes");
            self.report(Rule::ConstraintNotValid, line, message);
        }
    }
}

/// A table-level constraint without a name (primary keys excepted: their names are
/// derived by the database and rarely dropped by name).
fn is_unnamed(constraint: &TableConstraint) -> bool {
    match constraint {
        TableConstraint::Unique { name, .. }
        | TableConstraint::ForeignKey { name, .. }
        | TableConstraint::Check { name, .. }
        | TableConstraint::Index { name, .. } => name.is_none(),
        _ => false,
    }
}

/// The column's unnamed `REFERENCES`, `UNIQUE` and `CHECK` options, as written.
fn unnamed_column_constraints(column: &ColumnDef) -> Vec<String> {
    column
        .options
        .iter()
        .filter(|o| o.name.is_none())
        .filter(|o| match &o.option {
            ColumnOption::Unique { is_primary, .. } => !is_primary,
            ColumnOption::ForeignKey { .. } | ColumnOption::Check(_) => true,
            _ => false,
        })
        .map(|o| format!("{} {}", ident(&column.name), o.option))
        .collect()
}

/// Whether the column is declared `PRIMARY KEY` inline.
fn is_primary(column: &ColumnDef) -> bool {
    column.options.iter().any(|o| {
        matches!(
            o.option,
            ColumnOption::Unique {
                is_primary: true,
                ..
            }
        )
    })
}

/// The first word of a statement's text (`BEGIN`, `COMMIT` …).
fn first_word(sql: &str) -> String {
    sql.split_whitespace().next().unwrap_or("").to_uppercase()
}

/// PostgreSQL's `serial` types, whose default is `nextval()`.
fn is_serial(data_type: &DataType) -> bool {
    matches!(family(data_type), Family::Int(_))
        && data_type.to_string().to_lowercase().ends_with("serial")
}
