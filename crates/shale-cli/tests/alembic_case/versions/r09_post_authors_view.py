"""post authors view

Revision ID: r09
Revises: r08
"""
from alembic import op
import sqlalchemy as sa

revision = "r09"
down_revision = 'r08'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE VIEW post_authors AS SELECT p.id, p.title, u.email FROM posts p JOIN users u ON u.id = p.user_id")


def downgrade():
    op.execute("DROP VIEW post_authors")
