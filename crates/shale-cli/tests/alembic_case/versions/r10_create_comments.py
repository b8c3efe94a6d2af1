"""create comments

Revision ID: r10
Revises: r09
"""
from alembic import op
import sqlalchemy as sa

revision = "r10"
down_revision = 'r09'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"), nullable=False),
        sa.Column("body", sa.Text, nullable=False))


def downgrade():
    op.drop_table("comments")
