# Renders every revision of an Alembic project with Alembic's own offline mode (the
# project's env.py, `as_sql=True`: what `alembic upgrade A:B --sql` prints), one revision
# at a time, upgrade and downgrade, and prints them as JSON for `shale import --from
# alembic`. Arguments: the folder (alembic.ini's, or the script location's), the
# SQLAlchemy URL of the dialect to render for (no database is reached).
import io
import json
import os
import sys

try:
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime.migration import RevisionStep
    from alembic.script import ScriptDirectory
except ImportError as e:
    print("shale-alembic-missing: %s" % e, file=sys.stderr)
    sys.exit(3)

folder, url = sys.argv[1], sys.argv[2]
ini = os.path.join(folder, "alembic.ini")


def config(buf):
    if os.path.exists(ini):
        cfg = Config(ini, output_buffer=buf)
        location = cfg.get_main_option("script_location") or folder
        if not os.path.isabs(location) and "%(here)s" not in location:
            cfg.set_main_option("script_location", os.path.join(folder, location))
    else:
        cfg = Config(output_buffer=buf)
        cfg.set_main_option("script_location", folder)
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def render(script, rev, up):
    buf = io.StringIO()
    cfg = config(buf)
    revision = script.get_revision(rev)

    def steps(_heads, _context):
        return [RevisionStep(script.revision_map, revision, up)]

    parents = list(revision._normalized_down_revisions)
    start = rev if not up else (parents[0] if parents else None)
    with EnvironmentContext(
        cfg,
        script,
        fn=steps,
        as_sql=True,
        starting_rev=start,
        destination_rev=rev if up else (parents[0] if parents else None),
        tag=None,
    ):
        script.run_env()
    return buf.getvalue()


script = ScriptDirectory.from_config(config(io.StringIO()))
out = []
for rev in reversed(list(script.walk_revisions())):
    out.append(
        {
            "revision": rev.revision,
            "parents": list(rev._normalized_down_revisions),
            "message": (rev.doc or "").strip().splitlines()[0] if rev.doc else "",
            # The labels this revision declares (not those inherited from its ancestors)
            # and its dependencies as revision ids.
            "branch_labels": sorted(rev._orig_branch_labels or []),
            "depends_on": list(rev._normalized_resolved_dependencies or ()),
            "path": rev.path,
            "upgrade": render(script, rev.revision, True),
            "downgrade": render(script, rev.revision, False),
        }
    )
json.dump(out, sys.stdout)
