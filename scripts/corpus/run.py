#!/usr/bin/env python3
"""Run shale's migration loop over a corpus of schema-diff cases and classify each case.

Each case: empty -> current -> desired -> downgrade back to current, through the real
CLI on a fresh database, each step compared with the same DDL applied directly to another
fresh database (the server's own dump), plus `shale check` clean. See README.md.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

import yaml

MYSQL = ["mariadb", "-uroot", "-h127.0.0.1", "-P3306"]
SERVER_VERSION = (10, 11)


class Skip(Exception):
    pass


class Fail(Exception):
    def __init__(self, cls, step, detail):
        super().__init__(f"{cls} at {step}: {detail}")
        self.cls, self.step, self.detail = cls, step, detail


# ---------------------------------------------------------------- MariaDB


def my(sql, db=None, check=True):
    cmd = MYSQL + ["-N", "-B"] + ([db] if db else []) + ["-e", sql]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(p.stderr.strip())
    return p


def unescape(field):
    return field.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def my_rows(sql, db):
    out = my(sql, db).stdout
    return [[unescape(f) for f in line.split("\t")] for line in out.splitlines() if line]


class MariaDb:
    name = "mysql"

    def __init__(self, tag):
        self.tag = tag
        self.made = []

    def fresh(self, suffix):
        db = f"fid_{os.getpid()}_{self.tag}_{suffix}"[:64]
        my(f"DROP DATABASE IF EXISTS `{db}`; CREATE DATABASE `{db}`")
        self.made.append(db)
        return db

    def url(self, db):
        return f"mysql://root@127.0.0.1:3306/{db}"

    def apply(self, db, ddl):
        if not ddl.strip():
            return
        p = subprocess.run(MYSQL + [db], input=ddl, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(p.stderr.strip())

    def dump(self, db):
        out = []
        rows = my_rows(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
            f"WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME NOT LIKE 'shale\\_%' ORDER BY TABLE_NAME",
            db,
        )
        for name, kind in rows:
            what = "VIEW" if kind == "VIEW" else "TABLE"
            r = my_rows(f"SHOW CREATE {what} `{name}`", db)[0]
            out += table_lines(name, norm_my(db, r[1]))
        for kind, q in [
            ("TRIGGER", f"SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA='{db}'"),
            ("PROCEDURE", f"SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA='{db}' AND ROUTINE_TYPE='PROCEDURE'"),
            ("FUNCTION", f"SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA='{db}' AND ROUTINE_TYPE='FUNCTION'"),
            ("EVENT", f"SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA='{db}'"),
        ]:
            for (name,) in sorted(my_rows(q, db)):
                r = my_rows(f"SHOW CREATE {kind} `{name}`", db)[0]
                # Columns: name, sql_mode, [time_zone for events], statement, ...
                stmt = r[3] if kind == "EVENT" else r[2]
                out.append(norm_body(db, stmt))
        return out

    def cleanup(self):
        for db in self.made:
            my(f"DROP DATABASE IF EXISTS `{db}`", check=False)


def norm_my(db, text):
    text = re.sub(r"DEFINER=`[^`]*`@`[^`]*`\s*", "", text)
    return text.replace(f"`{db}`.", "")


def table_lines(name, text):
    """One line per column, key and constraint, each named by its table, so that a
    difference shows as the lines that differ. CHECK constraints are sorted: the server
    lists them in the order they were added, which changes nothing they do."""
    lines = [f"{name}: {l.rstrip(',')}" for l in text.splitlines()]
    # Plain indexes (KEY) are listed in the order they were made, which changes nothing.
    def unordered(l):
        body = l.split(": ", 1)[1]
        return (body.startswith("  CONSTRAINT") and " CHECK (" in body) or body.startswith("  KEY ")
    loose = sorted(l for l in lines if unordered(l))
    rest = [l for l in lines if not unordered(l)]
    return rest[:-1] + loose + rest[-1:]


def norm_body(db, text):
    """Triggers, routines and events are stored as written: compare them loosely."""
    text = norm_my(db, text).replace("`", "")
    # An EVERY event without STARTS starts when it is created: a time, not a difference.
    text = re.sub(r"STARTS '" + time.strftime("%Y-%m-%d") + r" [0-9:]+'", "STARTS <created>", text)
    return re.sub(r"\s+", " ", text).strip().lower()


# ---------------------------------------------------------------- SQLite


class Sqlite:
    name = "sqlite"

    def __init__(self, tag):
        self.dir = tempfile.mkdtemp(prefix=f"fid_{tag}_")

    def fresh(self, suffix):
        path = os.path.join(self.dir, f"{suffix}.db")
        if os.path.exists(path):
            os.remove(path)
        sqlite3.connect(path).close()
        return path

    def url(self, db):
        return f"sqlite://{db}"

    def apply(self, db, ddl):
        con = sqlite3.connect(db)
        try:
            con.executescript(ddl)
        except sqlite3.Error as e:
            raise RuntimeError(str(e))
        finally:
            con.close()

    def dump(self, db):
        con = sqlite3.connect(db)
        out = []
        objs = con.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'shale\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "ORDER BY type, name"
        ).fetchall()
        for kind, name, sql in objs:
            if kind == "table":
                out += sqlite_table(con, name, sql)
            else:
                out.append(f"{kind} {name}: {norm_sqlite(sql or '')}")
        con.close()
        return out

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def sqlite_table(con, name, sql):
    """A table as SQLite's pragmas see it, plus what only its text holds (checks,
    collations, AUTOINCREMENT): the same table written two ways compares equal."""
    q = name.replace('"', '""')
    strict, wr = con.execute(f'SELECT strict, wr FROM pragma_table_list("{q}")').fetchone()
    out = [f"table {name} strict={strict} without_rowid={wr}"]
    cols = list(con.execute(f'PRAGMA table_xinfo("{q}")'))
    rowid_alias = not wr and [c[5] for c in cols].count(1) == 1 and sum(c[5] > 0 for c in cols) == 1
    for cid, cname, ctype, notnull, dflt, pk, hidden in cols:
        if rowid_alias and pk and ctype.lower() == "integer":
            notnull = 1  # the rowid: NULL is never stored there, declared NOT NULL or not
        out.append(f"  column {cname} {ctype.lower()} notnull={notnull} default={dflt} pk={pk} hidden={hidden}")
    for fk in con.execute(f'PRAGMA foreign_key_list("{q}")'):
        out.append(f"  fk {fk[2:]}")
    for _seq, iname, unique, origin, partial in con.execute(f'PRAGMA index_list("{q}")'):
        if origin == "c":
            continue  # CREATE INDEX: compared by its own statement
        cols = [r[2] for r in con.execute(f'PRAGMA index_info("{iname}")')]
        out.append(f"  {origin} unique={unique} {cols}")
    text = norm_sqlite(sql or "")
    for m in re.finditer(r"\bcheck\s*\(", text):
        out.append(f"  check {balanced(text, m.end() - 1)}")
    for m in re.finditer(r"\b(collate \w+|autoincrement|as\s*\()", text):
        body = balanced(text, m.end() - 1) if m.group(1).startswith("as") else ""
        out.append(f"  {m.group(1)}{body}")
    return out


def balanced(text, open_at):
    depth = 0
    for i in range(open_at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[open_at : i + 1]
    return text[open_at:]


def norm_sqlite(sql):
    """SQLite keeps the statement as written: fold comments, quoting, case and spacing."""
    s = re.sub(r"--[^\n]*", " ", sql)
    s = re.sub(r"/\*.*?\*/", " ", s, flags=re.S)
    s = re.sub(r'["`\[\]]', "", s)
    s = re.sub(r"\s+", " ", s).lower()
    s = re.sub(r"\s*([(),])\s*", r"\1", s)
    s = s.replace("create table if not exists", "create table")
    return s.strip().rstrip(";")


# ---------------------------------------------------------------- shale


def shale(bin_, proj, *args):
    p = subprocess.run([bin_, *args], cwd=proj, capture_output=True, text=True, timeout=120)
    return p


def error_line(p):
    """The line of a failed command that says why: the server's error where there is one."""
    text = p.stderr or p.stdout
    for line in text.splitlines():
        if re.search(r"\(code \d+\)|error \d+|SQLSTATE", line):
            return line.strip()[:200]
    return first_line(text)


def first_line(text):
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return ""


def warnings_of(proj, stderr):
    """Warnings shale gave: stderr lines and `-- WARNING`/`-- NOTE` lines of the scripts."""
    found = [l for l in stderr.splitlines() if "warn" in l.lower()]
    vdir = os.path.join(proj, "migrations", "versions")
    for f in os.listdir(vdir):
        for l in open(os.path.join(vdir, f)):
            if l.startswith("-- WARNING") and "destroys data" not in l:
                found.append(l.strip())
    return found


def diff_lines(a, b):
    import difflib

    d = [l for l in difflib.unified_diff(a, b, "expected", "shale", lineterm="", n=0)
         if not l.startswith(("---", "+++", "@@"))]
    return d[:6]


def run_case(bin_, backend, case):
    current = case.get("current") or ""
    desired = case.get("desired") or ""
    cur_db, des_db = backend.fresh("cur"), backend.fresh("des")
    for db, ddl, what in ((cur_db, current, "current"), (des_db, desired, "desired")):
        try:
            backend.apply(db, ddl)
        except RuntimeError as e:
            why = [l for l in str(e).splitlines() if l.startswith("ERROR")] or [str(e)]
            raise Skip(f"the {what} DDL fails on this server: {first_line(why[0])}")
    want_cur, want_des = backend.dump(cur_db), backend.dump(des_db)
    sh_db = backend.fresh("shale")
    proj = tempfile.mkdtemp(prefix="fidproj_")
    try:
        p = shale(bin_, proj, "init", "--dialect", backend.name, "--url", backend.url(sh_db))
        if p.returncode:
            raise Fail("shale error", "init", first_line(p.stderr))
        steps = [("current", current, want_cur), ("desired", desired, want_des)]
        revs = 0
        for step, ddl, want in steps:
            open(os.path.join(proj, "schema.sql"), "w").write(ddl)
            if not ddl.strip():
                if step == "desired":
                    raise Skip("the desired schema is empty: shale refuses empty models")
                continue
            p = shale(bin_, proj, "revision", "--autogenerate", "-m", step)
            if p.returncode:
                raise Fail("shale error", f"autogenerate {step}", error_line(p))
            made = "No changes" not in p.stdout
            warns = warnings_of(proj, p.stderr)
            if made:
                revs += 1
                p = shale(bin_, proj, "upgrade", "head")
                if p.returncode:
                    raise Fail("shale error", f"upgrade {step}", error_line(p))
            compare(backend, sh_db, want, f"upgrade {step}", warns)
            p = shale(bin_, proj, "check")
            if p.returncode:
                raise Fail("check not clean", f"after {step}", first_line(p.stdout + p.stderr))
        if revs == 2 or (revs == 1 and not current.strip()):
            if revs == 2:
                p = shale(bin_, proj, "downgrade", "-1")
                if p.returncode:
                    raise Fail("shale error", "downgrade", error_line(p))
                compare(backend, sh_db, want_cur, "downgrade", warns)
    finally:
        shutil.rmtree(proj, ignore_errors=True)


def compare(backend, db, want, step, warns):
    got = backend.dump(db)
    if got != want:
        d = diff_lines(want, got)
        if warns:
            raise Fail("mismatch", step, " | ".join(d) + "  [warned: " + warns[0][:120] + "]")
        raise Fail("silently ignored", step, " | ".join(d))


# ---------------------------------------------------------------- corpus


def version(s):
    return tuple(int(x) for x in str(s).split(".")[:2])


def skip_reason(case, dialect):
    if case.get("error"):
        return "the case expects an error"
    if dialect != "mysql":
        return None
    flavor = str(case.get("flavor") or "").strip()
    if flavor in ("mysql", "tidb", "!mariadb"):
        return f"flavour {flavor}: not MariaDB"
    if case.get("min_version") and version(case["min_version"]) > SERVER_VERSION:
        return f"min_version {case['min_version']}"
    if case.get("max_version") and version(case["max_version"]) < SERVER_VERSION:
        return f"max_version {case['max_version']}: MySQL 5.7 only"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+", help="YAML case files")
    ap.add_argument("--dialect", choices=["mysql", "sqlite"], required=True)
    ap.add_argument("--shale", default="target/debug/shale")
    ap.add_argument("--only", help="regex: run only the cases whose name matches")
    ap.add_argument("--jobs", type=int, default=2, help="cases run at once")
    ap.add_argument("--json", help="write every case's result to this file")
    args = ap.parse_args()
    bin_ = os.path.abspath(args.shale)
    todo = []
    for path in args.files:
        cases = yaml.safe_load(open(path)) or {}
        for name, case in cases.items():
            if not args.only or re.search(args.only, name):
                todo.append((os.path.basename(path), name, case))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda t: one(bin_, args.dialect, t[1][0], t[1][1], t[1][2], t[0]),
                                enumerate(todo)))
    report(results)
    if args.json:
        json.dump(results, open(args.json, "w"), indent=1)


def one(bin_, dialect, fname, name, case, tag):
    reason = skip_reason(case, dialect)
    res = {"file": fname, "case": name}
    if reason:
        res.update(result="skipped", detail=reason)
    else:
        backend = (MariaDb if dialect == "mysql" else Sqlite)(tag)
        try:
            run_case(bin_, backend, case)
            res.update(result="pass")
        except Skip as e:
            res.update(result="skipped", detail=str(e))
        except Fail as e:
            res.update(result=e.cls, step=e.step, detail=e.detail)
        except Exception as e:  # the runner's own trouble, reported as such
            res.update(result="runner error", detail=first_line(str(e)))
        finally:
            backend.cleanup()
    print(f"{res['result']:17} {fname}:{name} {res.get('step', '')} {res.get('detail', '')}",
          flush=True)
    return res


CAUSES = [
    (r"KEY `\w+_ibfk_\d+`", "a foreign key named like the server's: its index named after the column"),
    (r"USING BTREE", "an index's USING BTREE not kept"),
    (r"int\(\d+\)", "an integer's display width not kept"),
    (r"create event", "events"),
    (r"create (definer=\S+ )?trigger", "triggers"),
    (r"AUTO_INCREMENT=", "the AUTO_INCREMENT table option"),
    (r"PARTITION", "partitions"),
    (r"GENERATED ALWAYS|VIRTUAL|STORED| AS \(", "generated columns"),
]


def cause(res):
    """The failure's likely cause, from its first differing lines."""
    detail = res.get("detail", "")
    if res["result"] in ("shale error", "check not clean", "runner error"):
        return f"{res['result']} at {res.get('step', '')}: {detail[:90]}"
    lines = detail.split("  [warned")[0].split(" | ")
    plus = sorted(l[1:] for l in lines if l.startswith("+"))
    minus = sorted(l[1:] for l in lines if l.startswith("-"))
    if plus and plus == minus:
        return "column order (a column added at the end, not where the DDL has it)"
    unnamed = lambda ls: sorted(re.sub(r"(KEY|CONSTRAINT|index) `?\w+`?", r"\1 _", l) for l in ls)
    if plus and unnamed(plus) == unnamed(minus) and "_ibfk_" not in detail:
        return "an index or constraint under another name (renamed, or in other letter case)"
    for pattern, name in CAUSES:
        for l in detail.split(" | "):
            if re.search(pattern, l, re.I if name in ("events", "triggers") else 0):
                return name
    return "other: " + detail[:90]


def report(results):
    by_file = collections.defaultdict(collections.Counter)
    for r in results:
        by_file[r["file"]][r["result"]] += 1
    classes = ["pass", "shale error", "mismatch", "silently ignored", "check not clean",
               "skipped", "runner error"]
    print("\n| file | cases | " + " | ".join(classes) + " |")
    print("|---|---|" + "---|" * len(classes))
    total = collections.Counter()
    for f, c in sorted(by_file.items()):
        total.update(c)
        print(f"| {f} | {sum(c.values())} | " + " | ".join(str(c[k]) for k in classes) + " |")
    print(f"| **all** | {sum(total.values())} | " + " | ".join(str(total[k]) for k in classes) + " |")
    causes = collections.Counter(cause(r) for r in results if r["result"] not in ("pass", "skipped"))
    print("\n| failure cause | cases |\n|---|---|")
    for c, n in causes.most_common():
        print(f"| {c} | {n} |")
    skips = collections.Counter(r["detail"].split(":")[0] for r in results if r["result"] == "skipped")
    print("\n| skipped because | cases |\n|---|---|")
    for c, n in skips.most_common():
        print(f"| {c} | {n} |")


if __name__ == "__main__":
    main()
