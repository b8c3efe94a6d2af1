"""index posts title

Revision ID: r05
Revises: r04
"""
from alembic import op
import sqlalchemy as sa

revision = "r05"
down_revision = 'r04'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_posts_title", "posts", ["title"])


def downgrade():
    op.drop_index("ix_posts_title", table_name="posts")
