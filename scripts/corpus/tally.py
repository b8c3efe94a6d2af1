#!/usr/bin/env python3
"""Tally a corpus run's results (JSON lines from postgres.py) as Markdown tables:
by file, by result, and the most common failure causes."""
import collections
import json
import re
import sys

CLASSES = ["pass", "shale error", "mismatch", "silently ignored", "skipped", "runner error"]


def cause(r):
    """A short cause: the step and the error or first differing statement, with names
    and literals blurred so that cases failing for one reason group together."""
    why = r.get("why", "")
    if r["result"] == "skipped":
        why = re.sub(r"psql:[^:]+:\d+: ", "", why)
        why = re.sub(r'"[^"]*"', '"…"', why)
        return why[:90]
    first = why.split(" | ")[0]
    first = re.sub(r"'[^']*'", "'…'", first)
    first = re.sub(r'"[^"]*"', '"…"', first)
    first = re.sub(r"public\.\w+", "public.…", first)
    first = re.sub(r"\d{8}_\d{4}_\w+\.sql:\d+", "….sql", first)
    return f"[{r.get('step', '')}] {first[:100]}"


def main():
    rows = [json.loads(l) for path in sys.argv[1:] for l in open(path)]
    by_file = collections.defaultdict(collections.Counter)
    for r in rows:
        by_file[r["file"]][r["result"]] += 1
    total = collections.Counter(r["result"] for r in rows)
    print("| file | cases | " + " | ".join(CLASSES) + " |")
    print("|---|---:|" + "---:|" * len(CLASSES))
    for f in sorted(by_file):
        c = by_file[f]
        print(f"| {f} | {sum(c.values())} | " + " | ".join(str(c[k]) for k in CLASSES) + " |")
    print(f"| **all** | {len(rows)} | " + " | ".join(str(total[k]) for k in CLASSES) + " |")
    ran = len(rows) - total["skipped"]
    print(f"\nRan {ran} of {len(rows)} cases: {total['pass']} pass ({100 * total['pass'] // max(ran, 1)} %).\n")
    for cls in ("shale error", "mismatch", "silently ignored", "skipped"):
        causes = collections.Counter(cause(r) for r in rows if r["result"] == cls)
        print(f"\n{cls} ({total[cls]}), most common causes:\n")
        for why, n in causes.most_common(12):
            print(f"- {n} × `{why}`")


if __name__ == "__main__":
    main()
