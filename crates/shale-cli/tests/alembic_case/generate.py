"""Writes versions/ (indexes on columns that no foreign key uses: MySQL refuses to drop
an index a foreign key needs): a realistic Alembic history of 22 revisions, with a branch after
r10 (r11a, r12a on one side, r11b on the other) and their merge m13. Run once; the files
are committed."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# (id, parents, message, upgrade body, downgrade body)
REVS = [
    ("r01", [], "create users", """op.create_table("users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(120), nullable=False, unique=True))""", 'op.drop_table("users")'),
    ("r02", ["r01"], "create teams", """op.create_table("teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False))""", 'op.drop_table("teams")'),
    ("r03", ["r02"], "users team", 'op.add_column("users", sa.Column("team_id", sa.Integer, nullable=True))',
     'op.drop_column("users", "team_id")'),
    ("r04", ["r03"], "create posts", """op.create_table("posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text))""", 'op.drop_table("posts")'),
    ("r05", ["r04"], "index posts title", 'op.create_index("ix_posts_title", "posts", ["title"])',
     'op.drop_index("ix_posts_title", table_name="posts")'),
    ("r06", ["r05"], "create tags", """op.create_table("tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False, unique=True))""", 'op.drop_table("tags")'),
    ("r07", ["r06"], "create post tags", """op.create_table("post_tags",
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"), primary_key=True),
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"), primary_key=True))""", 'op.drop_table("post_tags")'),
    ("r08", ["r07"], "posts published", 'op.add_column("posts", sa.Column("published", sa.Boolean, nullable=True))',
     'op.drop_column("posts", "published")'),
    ("r09", ["r08"], "post authors view",
     'op.execute("CREATE VIEW post_authors AS SELECT p.id, p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id")',
     'op.execute("DROP VIEW post_authors")'),
    ("r10", ["r09"], "create comments", """op.create_table("comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"), nullable=False),
        sa.Column("body", sa.Text, nullable=False))""", 'op.drop_table("comments")'),
    ("r11a", ["r10"], "comments created at", 'op.add_column("comments", sa.Column("created_at", sa.DateTime, nullable=True))',
     'op.drop_column("comments", "created_at")'),
    ("r12a", ["r11a"], "index comments created", 'op.create_index("ix_comments_created", "comments", ["created_at"])',
     'op.drop_index("ix_comments_created", table_name="comments")'),
    ("r11b", ["r10"], "create audit log", """op.create_table("audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("at", sa.DateTime, nullable=True))""", 'op.drop_table("audit_log")'),
    ("m13", ["r12a", "r11b"], "merge comments and audit", "pass", "pass"),
    ("r14", ["m13"], "users display name", 'op.add_column("users", sa.Column("display_name", sa.String(80), nullable=True))',
     'op.drop_column("users", "display_name")'),
    ("r15", ["r14"], "create settings", """op.create_table("settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text))""", 'op.drop_table("settings")'),
    ("r16", ["r15"], "index audit action", 'op.create_index("ix_audit_action", "audit_log", ["action"])',
     'op.drop_index("ix_audit_action", table_name="audit_log")'),
    ("r17", ["r16"], "drop index audit action", 'op.drop_index("ix_audit_action", table_name="audit_log")',
     'op.create_index("ix_audit_action", "audit_log", ["action"])'),
    ("r18", ["r17"], "create sessions", """op.create_table("sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False))""", 'op.drop_table("sessions")'),
    ("r19", ["r18"], "index sessions expiry", 'op.create_index("ix_sessions_expires", "sessions", ["expires_at"])',
     'op.drop_index("ix_sessions_expires", table_name="sessions")'),
    ("r20", ["r19"], "teams slug", 'op.add_column("teams", sa.Column("slug", sa.String(80), nullable=True))',
     'op.drop_column("teams", "slug")'),
    ("r21", ["r20"], "create invites", """op.create_table("invites",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("email", sa.String(120), nullable=False))""", 'op.drop_table("invites")'),
]

TEMPLATE = '''"""{message}

Revision ID: {rev}
Revises: {parents}
"""
from alembic import op
import sqlalchemy as sa

revision = "{rev}"
down_revision = {down}
branch_labels = {labels}
depends_on = None


def upgrade():
    {up}


def downgrade():
    {down_body}
'''

# r11b starts the audit branch: its label comes over to shale as a branch label.
LABELS = {"r11b": '("audit",)'}

for rev, parents, message, up, down in REVS:
    if not parents:
        down_rev = "None"
    elif len(parents) == 1:
        down_rev = repr(parents[0])
    else:
        down_rev = repr(tuple(parents))
    text = TEMPLATE.format(message=message, rev=rev, parents=", ".join(parents), down=down_rev,
                           labels=LABELS.get(rev, "None"),
                           up=up, down_body=down)
    with open(os.path.join(HERE, "versions", "%s_%s.py" % (rev, message.replace(" ", "_"))), "w") as f:
        f.write(text)
