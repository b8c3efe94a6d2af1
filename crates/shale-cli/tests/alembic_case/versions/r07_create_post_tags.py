"""create post tags

Revision ID: r07
Revises: r06
"""
from alembic import op
import sqlalchemy as sa

revision = "r07"
down_revision = 'r06'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("post_tags",
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"), primary_key=True),
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"), primary_key=True))


def downgrade():
    op.drop_table("post_tags")
