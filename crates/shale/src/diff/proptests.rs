//! Properties of the diff over random pairs of small schemas: applying the changes
//! reaches the target, the reversed changes come back, every change reverses exactly,
//! and every dialect renders every plan.

use super::*;
use crate::dialect::Dialect;
use crate::plan::reverse_changes;
use crate::schema::{
    CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint,
};
use proptest::prelude::*;

const TABLES: [&str; 4] = ["a", "b", "c", "user"];
const COLUMNS: [&str; 4] = ["x", "y", "z", "w"];
const TYPES: [&str; 5] = ["integer", "bigint", "text", "varchar(10)", "varchar(20)"];
const DEFAULTS: [Option<&str>; 3] = [None, Some("0"), Some("'v'")];
const ACTIONS: [Option<&str>; 3] = [None, Some("CASCADE"), Some("SET NULL")];

/// Reads decisions from a byte string, wrapping around.
struct Bytes<'a>(&'a [u8], usize);

impl Bytes<'_> {
    fn next(&mut self, n: usize) -> usize {
        let b = self.0[self.1 % self.0.len()];
        self.1 += 1;
        usize::from(b) % n
    }
    fn flip(&mut self) -> bool {
        self.next(2) == 1
    }
}

fn schema_from(bytes: &[u8]) -> Schema {
    let mut r = Bytes(bytes, 0);
    let mut schema = Schema::default();
    if r.flip() {
        let labels = ["p", "q", "r"][..1 + r.next(3)]
            .iter()
            .map(|l| l.to_string())
            .collect();
        schema.enums.insert("mood".into(), labels);
    }
    let names: Vec<&str> = TABLES.iter().copied().filter(|_| r.flip()).collect();
    for name in &names {
        let table = table_from(&mut r, name, &names);
        schema.tables.insert(name.to_string(), table);
    }
    schema
}

fn table_from(r: &mut Bytes, name: &str, names: &[&str]) -> Table {
    let id = Column {
        name: "id".into(),
        ty: "integer".into(),
        autoincrement: r.flip(),
        ..Column::default()
    };
    let mut t = Table {
        name: name.into(),
        columns: vec![id],
        ..Table::default()
    };
    for col in COLUMNS {
        if !r.flip() {
            continue;
        }
        t.columns.push(Column {
            name: col.to_string(),
            ty: TYPES[r.next(TYPES.len())].into(),
            nullable: r.flip(),
            default: DEFAULTS[r.next(3)].map(String::from),
            autoincrement: false,
            generated: None,
            ..Default::default()
        });
    }
    if r.next(4) > 0 {
        t.primary_key = Some(PrimaryKey {
            name: Some(format!("pk_{name}")),
            columns: vec!["id".into()],
            deferrable: None,
            comment: None,
        });
    }
    let cols: Vec<String> = t.columns.iter().skip(1).map(|c| c.name.clone()).collect();
    if let Some(c) = cols.first().filter(|_| r.flip()) {
        let index = Index {
            name: format!("ix_{name}_{c}"),
            columns: vec![c.clone()],
            unique: r.flip(),
            predicate: None,
            ..Index::default()
        };
        t.indexes.insert(index.name.clone(), index);
    }
    if let Some(c) = cols.last().filter(|_| r.flip()) {
        let unique = UniqueConstraint {
            name: format!("uq_{name}"),
            columns: vec![c.clone(), "id".into()],
            ..UniqueConstraint::default()
        };
        t.uniques.insert(unique.name.clone(), unique);
    }
    if r.flip() {
        let check = CheckConstraint {
            name: format!("ck_{name}"),
            expression: format!("id > {}", r.next(2)),
            ..Default::default()
        };
        t.checks.insert(check.name.clone(), check);
    }
    if let Some(c) = cols.first().filter(|_| r.flip()) {
        let target = names[r.next(names.len())];
        let fk = ForeignKey {
            name: format!("fk_{name}_{target}"),
            columns: vec![c.clone()],
            ref_table: target.into(),
            ref_columns: vec!["id".into()],
            on_delete: ACTIONS[r.next(3)].map(String::from),
            on_update: None,
            ..ForeignKey::default()
        };
        t.foreign_keys.insert(fk.name.clone(), fk);
    }
    t
}

fn options_from(bytes: &[u8]) -> DiffOptions {
    let mut r = Bytes(bytes, 7);
    let mut opts = DiffOptions::default();
    if r.flip() {
        opts.renames.push(("a".into(), "x".into(), "w".into()));
    }
    if r.flip() {
        opts.table_renames.push(("b".into(), "c".into()));
    }
    opts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn diff_apply_reverse_and_render_hold(
        a in prop::collection::vec(any::<u8>(), 48),
        b in prop::collection::vec(any::<u8>(), 48),
    ) {
        let (current, desired, opts) = (schema_from(&a), schema_from(&b), options_from(&b));
        prop_assert!(diff(&current, &current, &opts).is_empty());
        let d = diff(&current, &desired, &opts);
        let after = apply_all(&current, &d.changes);
        let again = diff(&after, &desired, &DiffOptions::default());
        prop_assert!(again.is_empty(), "upgrade leaves {:?}", again.changes);
        let back = apply_all(&after, &reverse_changes(&d.changes));
        let again = diff(&back, &current, &DiffOptions::default());
        prop_assert!(again.is_empty(), "downgrade leaves {:?}", again.changes);
        for change in &d.changes {
            prop_assert_eq!(&change.reverse().reverse(), change);
        }
        for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            let rendered = crate::plan::Plan::new(dialect, current.clone(), d.changes.clone()).render();
            let (up, down) = (rendered.upgrade_sql(), rendered.downgrade_sql());
            prop_assert!(up.is_empty() == d.changes.is_empty() || dialect != Dialect::Postgres);
            prop_assert!(!up.contains(";;") && !down.contains(";;"));
        }
    }
}

/// A table `t` of some of `NAMES` in an order the bytes choose.
fn shuffled_table(r: &mut Bytes) -> Table {
    const NAMES: [&str; 7] = ["id", "p", "q", "r", "s", "u", "v"];
    let mut names: Vec<&str> = NAMES.iter().copied().filter(|_| r.next(4) > 0).collect();
    for i in (1..names.len()).rev() {
        names.swap(i, r.next(i + 1));
    }
    Table {
        name: "t".into(),
        columns: names
            .iter()
            .map(|n| Column {
                name: n.to_string(),
                ty: "integer".into(),
                nullable: true,
                ..Column::default()
            })
            .collect(),
        ..Table::default()
    }
}

fn column_names(schema: &Schema) -> Vec<String> {
    schema.tables["t"]
        .columns
        .iter()
        .map(|c| c.name.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Where columns can move (MySQL/MariaDB), the upgrade leaves them in the models'
    /// order and the downgrade puts them back exactly, whatever is added, dropped or
    /// renamed with them, with as few moves as the longest run already in order allows.
    #[test]
    fn moved_columns_reach_the_models_order_and_come_back(
        a in prop::collection::vec(any::<u8>(), 32),
        b in prop::collection::vec(any::<u8>(), 32),
    ) {
        let one = |t: Table| Schema { tables: [("t".to_string(), t)].into(), ..Schema::default() };
        let (current, desired) = (one(shuffled_table(&mut Bytes(&a, 0))), one(shuffled_table(&mut Bytes(&b, 0))));
        let mut opts = DiffOptions::for_dialect(Dialect::Mysql);
        if b[0] % 2 == 1 {
            opts.renames.push(("t".into(), "p".into(), "w".into()));
        }
        let d = diff(&current, &desired, &opts);
        let after = apply_all(&current, &d.changes);
        prop_assert_eq!(column_names(&after), column_names(&desired), "{:?}", d.changes);
        prop_assert!(diff(&after, &desired, &opts).is_empty());
        let back = apply_all(&after, &reverse_changes(&d.changes));
        prop_assert_eq!(column_names(&back), column_names(&current), "{:?}", d.changes);
        let moves = d.changes.iter().filter(|c| c.table().is_some() && c.describe().starts_with("move ")).count();
        let renamed = apply_all(&current, &d.changes[..d.changes.iter().take_while(|c| matches!(c, Change::RenameColumn { .. })).count()]);
        let kept: Vec<String> = column_names(&renamed).into_iter().filter(|c| desired.tables["t"].column(c).is_some()).collect();
        let wanted: Vec<String> = column_names(&desired).into_iter().filter(|c| kept.contains(c)).collect();
        let ranks: Vec<usize> = kept.iter().map(|c| wanted.iter().position(|w| w == c).unwrap()).collect();
        prop_assert!(moves <= kept.len() - super::column_order::longest_increasing(&ranks).len(), "{:?}", d.changes);
        let elsewhere = diff(&current, &desired, &DiffOptions::default()).changes;
        let moved = |c: &Change| matches!(c, Change::MoveColumn { .. });
        prop_assert!(!elsewhere.iter().any(moved), "{:?}", elsewhere);
    }
}
