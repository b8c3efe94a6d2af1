#!/usr/bin/env python3
"""Run shale's autogenerate loop over a corpus of schema-diff cases on PostgreSQL
(see README-postgres.md).

Each case: `current` DDL (may be empty) and `desired` DDL. For each case, on fresh
PostgreSQL databases: empty -> current -> desired -> downgrade back to current, each
state compared (pg_dump --schema-only, normalised) with the DDL applied directly to
a fresh database, and `shale check` clean after each upgrade.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

import yaml

PG = "postgres://postgres@127.0.0.1:5432"
SERVER_MAJOR = 15
OUT_OF_SCOPE_FILES = {
    "tests_aurora_dsql.yml": "flavour aurora_dsql",
    "tests_pgvector.yml": "extension pgvector",
    "tests_managed_roles.yml": "managed roles (cluster-wide roles)",
}


def sh(cmd, cwd=None, timeout=120, stdin=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, input=stdin)
    return p.returncode, p.stdout, p.stderr


def psql(db, sql=None, file=None):
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres", "-d", db]
    if file:
        cmd += ["-f", file]
    return sh(cmd, stdin=sql)


def create_db(name):
    psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    rc, _, err = psql("postgres", f'CREATE DATABASE "{name}"')
    if rc:
        raise RuntimeError(f"createdb {name}: {err}")


# Empties a database back to what CREATE DATABASE makes, the public schema's comment
# included (pg_dump writes COMMENT ON SCHEMA public IS '' for a public schema without it).
RESET = """
DO $r$ DECLARE s text; BEGIN
  FOR s IN SELECT evtname FROM pg_event_trigger LOOP EXECUTE format('DROP EVENT TRIGGER %I', s); END LOOP;
  FOR s IN SELECT pubname FROM pg_publication LOOP EXECUTE format('DROP PUBLICATION %I', s); END LOOP;
  FOR s IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP EXECUTE format('DROP EXTENSION %I CASCADE', s); END LOOP;
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
END $r$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
"""
_made = set()
_made_lock = threading.Lock()


def fresh_db(name):
    """A database with nothing in it: created once per worker, then emptied for each
    case (dropping a database costs a checkpoint, seconds on a busy server)."""
    with _made_lock:
        made = name in _made
        _made.add(name)
    if not made:
        create_db(name)
        return
    rc, _, err = psql(name, RESET)
    if rc:
        create_db(name)


def drop_db(name):
    psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def dump(db, version_table):
    rc, out, err = sh(["pg_dump", "--schema-only", "--no-owner", "-h", "127.0.0.1", "-U", "postgres", db])
    if rc:
        raise RuntimeError(f"pg_dump {db}: {err}")
    return normalise(out, version_table)


def normalise(text, version_table):
    """Statements of a dump without comments, settings and shale's own tables; the lines
    of a CREATE TABLE body sorted (column order is not a schema difference shale makes)."""
    stmts, cur = [], []
    for line in text.splitlines():
        if line.startswith("--") or not line.strip():
            continue
        if line.startswith(("SET ", "SELECT pg_catalog.set_config")) or line.startswith("\\"):
            continue
        cur.append(line.rstrip())
        if line.rstrip().endswith(";") and not in_body(cur):
            stmts.append("\n".join(cur))
            cur = []
    if cur:
        stmts.append("\n".join(cur))
    keep = []
    own = re.compile(rf"\b{re.escape(version_table)}(_\w+)?\b")
    for s in stmts:
        if own.search(s.split("\n")[0]) or own.search(s):
            if s.startswith(("CREATE TABLE", "ALTER TABLE", "CREATE INDEX", "CREATE UNIQUE INDEX", "CREATE SEQUENCE", "ALTER SEQUENCE", "COMMENT")):
                continue
        if s.startswith("CREATE TABLE") and "(" in s:
            lines = s.split("\n")
            if len(lines) > 2:
                body = sorted(l.strip().rstrip(",") for l in lines[1:-1])
                s = "\n".join([lines[0]] + ["    " + b for b in body] + [lines[-1]])
        keep.append(s)
    return sorted(set(keep))


def in_body(lines):
    """Inside a dollar-quoted body still open (function bodies end with `$$;`)."""
    text = "\n".join(lines)
    tags = re.findall(r"\$[A-Za-z_]*\$", text)
    return len(tags) % 2 == 1


def first_diff(got, want):
    g, w = set(got), set(want)
    extra = sorted(g - w)[:2]
    missing = sorted(w - g)[:2]
    parts = [f"-want {one_line(s)}" for s in missing] + [f"+got {one_line(s)}" for s in extra]
    return " | ".join(parts)


def one_line(s):
    return re.sub(r"\s+", " ", s)[:160]


def schemas_of(*ddls):
    names = []
    for ddl in ddls:
        for m in re.finditer(r"CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?(\"[^\"]+\"|\w+)", ddl or "", re.I):
            n = m.group(1).strip('"')
            if n not in names:
                names.append(n)
    return names


class Case:
    def __init__(self, file, name, spec):
        self.file, self.name, self.spec = file, name, spec or {}

    def skip_reason(self):
        s = self.spec
        if "error" in s:
            return "expects an error"
        if s.get("flavor") and s.get("flavor") not in ("postgres", "postgresql"):
            return f"flavour {s['flavor']}"
        if s.get("min_version") and int(str(s["min_version"]).split(".")[0]) > SERVER_MAJOR:
            return f"needs PostgreSQL {s['min_version']}"
        if s.get("max_version") and int(str(s["max_version"]).split(".")[0]) < SERVER_MAJOR:
            return f"PostgreSQL <= {s['max_version']} only"
        if s.get("config"):
            return "config: " + ",".join(sorted(s["config"].keys()))
        if self.file in OUT_OF_SCOPE_FILES:
            return OUT_OF_SCOPE_FILES[self.file]
        if not (s.get("desired") or "").strip():
            return "empty desired schema (shale refuses empty models rather than drop everything)"
        return None


def shale(proj, *args):
    return sh([SHALE, *args], cwd=proj, timeout=180)


def warned(err):
    return "does not compare" in err or "warning" in err.lower()


def run_case(case, keep=False):
    reason = case.skip_reason()
    if reason:
        return {"result": "skipped", "why": reason}
    current = case.spec.get("current") or ""
    desired = case.spec.get("desired") or ""
    tag = hashlib.sha1(f"{case.file}/{case.name}".encode()).hexdigest()[:10]
    worker = threading.current_thread().name.rsplit("_", 1)[-1]
    dbs = {k: f"corpus_{os.getpid()}_{worker}_{k}" for k in ("shale", "cur", "des")}
    proj = tempfile.mkdtemp(prefix=f"corpus_{tag}_")
    try:
        return loop(case, current, desired, dbs, proj)
    except subprocess.TimeoutExpired as e:
        return {"result": "shale error", "step": "timeout", "why": str(e)[:160]}
    finally:
        if not keep:
            shutil.rmtree(proj, ignore_errors=True)


def apply_direct(db, ddl, proj, name):
    fresh_db(db)
    if not ddl.strip():
        return None
    path = os.path.join(proj, name)
    with open(path, "w") as f:
        f.write(ddl)
    rc, _, err = psql(db, file=path)
    if rc == 0:
        return None
    # The corpus lists statements in any order (a view before its table): apply them
    # one by one, retrying those that fail until a round makes no progress.
    fresh_db(db)
    pending = split_statements(ddl)
    while pending:
        failed = []
        for stmt in pending:
            rc, _, err = psql(db, stmt)
            if rc:
                failed.append(stmt)
        if len(failed) == len(pending):
            return first_error(err)
        pending = failed
    return None


def split_statements(ddl):
    """Statements of `ddl`, split at semicolons outside quotes, comments and dollar quotes."""
    out, cur, i, n = [], [], 0, len(ddl)
    while i < n:
        c = ddl[i]
        if c in "'\"":
            j = ddl.find(c, i + 1)
            j = n - 1 if j < 0 else j
            cur.append(ddl[i : j + 1])
            i = j + 1
            continue
        if ddl.startswith("--", i):
            j = ddl.find("\n", i)
            i = n if j < 0 else j
            continue
        m = re.match(r"\$[A-Za-z_]*\$", ddl[i:])
        if m:
            j = ddl.find(m.group(0), i + len(m.group(0)))
            j = n if j < 0 else j + len(m.group(0))
            cur.append(ddl[i:j])
            i = j
            continue
        if c == ";":
            stmt = "".join(cur).strip()
            if stmt:
                out.append(stmt + ";")
            cur, i = [], i + 1
            continue
        cur.append(c)
        i += 1
    stmt = "".join(cur).strip()
    if stmt:
        out.append(stmt + ";")
    return out


def first_error(err):
    """The error's first line; for a failed statement, the server's message too."""
    lines = err.splitlines()
    server = [l.strip() for l in lines if "(code " in l]
    for line in lines:
        if server and "failed" in line:
            return (line.strip()[:120] + " :: " + server[0])[:260]
        if "ERROR" in line or "error" in line:
            return line.strip()[:200]
    return (err.strip().splitlines() or ["?"])[0][:200]


def loop(case, current, desired, dbs, proj):
    for ddl, db, fname in ((current, dbs["cur"], "cur.sql"), (desired, dbs["des"], "des.sql")):
        e = apply_direct(db, ddl, proj, fname)
        if e:
            kind = "extension not installed" if "extension" in e and ("not available" in e or "could not open" in e) else "DDL fails on PostgreSQL 15"
            return {"result": "skipped", "why": f"{kind}: {e}"}
    fresh_db(dbs["shale"])
    schemas = schemas_of(current, desired)
    toml = [f'url = "{PG}/{dbs["shale"]}"', "", "[models]", 'sql = ["schema.sql"]']
    if schemas:
        toml.append("schemas = " + json.dumps(["public"] + [s for s in schemas if s != "public"]))
    if re.search(r"\b(GRANT|REVOKE)\b", current + desired, re.I):
        toml.append("privileges = true")
    with open(os.path.join(proj, "shale.toml"), "w") as f:
        f.write("\n".join(toml) + "\n")
    os.makedirs(os.path.join(proj, "migrations", "versions"))
    notes = []
    anywarn = False
    for step, ddl, want_db in (("current", current, dbs["cur"]), ("desired", desired, dbs["des"])):
        if step == "current" and not ddl.strip():
            continue
        with open(os.path.join(proj, "schema.sql"), "w") as f:
            f.write(ddl)
        rc, out, err = shale(proj, "revision", "--autogenerate", "-m", step, "--rev-id", REV[step])
        anywarn = anywarn or warned(err)
        if rc and "No changes" not in (out + err) and "no changes" not in (out + err):
            return {"result": "shale error", "step": f"autogenerate {step}", "why": first_error(err or out)}
        rc, out, err = shale(proj, "upgrade", "head")
        if rc:
            return {"result": "shale error", "step": f"upgrade {step}", "why": first_error(err or out)}
        got, want = dump(dbs["shale"], "shale_version"), dump(want_db, "shale_version")
        rc, out, err = shale(proj, "check")
        check_clean = rc == 0
        anywarn = anywarn or warned(err)
        if got != want:
            cls = "mismatch" if (anywarn or not check_clean) else "silently ignored"
            return {"result": cls, "step": step, "why": first_diff(got, want)}
        if not check_clean:
            return {"result": "shale error", "step": f"check after {step}", "why": first_error(out + err)}
    # Back to the current state: the current step's revision (or base when the case
    # starts from an empty database or the current step found nothing to do).
    versions = os.listdir(os.path.join(proj, "migrations", "versions"))
    if not any(REV["desired"] in v for v in versions):
        return {"result": "pass", "warned": anywarn, "note": "desired = current"}
    target = REV["current"] if any(REV["current"] in v for v in versions) else "base"
    rc, out, err = shale(proj, "downgrade", target)
    if rc:
        return {"result": "shale error", "step": "downgrade", "why": first_error(err or out)}
    got, want = dump(dbs["shale"], "shale_version"), dump(dbs["cur"], "shale_version")
    if got != want:
        return {"result": "mismatch", "step": "downgrade", "why": first_diff(got, want)}
    return {"result": "pass", "warned": anywarn}


def load_cases(paths, only):
    cases = []
    for p in paths:
        with open(p) as f:
            data = yaml.safe_load(f) or {}
        for name, spec in data.items():
            c = Case(os.path.basename(p), name, spec)
            if not only or re.search(only, f"{c.file}/{name}"):
                cases.append(c)
    return cases


def main():
    global SHALE
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+", help="YAML case files")
    ap.add_argument("--shale", default="target/debug/shale")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="regex over FILE/CASE")
    ap.add_argument("--out", default="corpus-results.jsonl")
    ap.add_argument("--reuse", help="a previous run's results (JSON lines) to keep instead of rerunning those cases")
    ap.add_argument("--keep", action="store_true", help="keep databases and project folders")
    a = ap.parse_args()
    SHALE = os.path.abspath(a.shale)
    cases = load_cases(a.files, a.only)
    results = []
    if a.reuse:
        with open(a.reuse) as f:
            done = {(r["file"], r["case"]): r for r in map(json.loads, f)}
        results = [done[(c.file, c.name)] for c in cases if (c.file, c.name) in done]
        cases = [c for c in cases if (c.file, c.name) not in done]
    with open(a.out, "w") as out, concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for r in results:
            out.write(json.dumps(r) + "\n")
        futs = {pool.submit(run_case, c, a.keep): c for c in cases}
        for fut in concurrent.futures.as_completed(futs):
            c = futs[fut]
            try:
                r = fut.result()
            except Exception as e:  # the runner's own failure is a result too
                r = {"result": "runner error", "why": str(e)[:200]}
            r.update(file=c.file, case=c.name)
            results.append(r)
            out.write(json.dumps(r) + "\n")
            out.flush()
            if r["result"] not in ("pass", "skipped"):
                print(f"{r['result']:16} {c.file}/{c.name} [{r.get('step', '')}] {r.get('why', '')}", file=sys.stderr)
    for i in range(a.jobs):
        for k in ("shale", "cur", "des"):
            drop_db(f"corpus_{os.getpid()}_{i}_{k}")
    print(report(results))


def report(results):
    by = collections.Counter(r["result"] for r in results)
    lines = [f"cases: {len(results)}; " + ", ".join(f"{k}: {v}" for k, v in sorted(by.items()))]
    return "\n".join(lines)


SHALE = None
REV = {"current": "c0c0c0c0c0c0", "desired": "d0d0d0d0d0d0"}
if __name__ == "__main__":
    main()
