"""create posts

Revision ID: r04
Revises: r03
"""
from alembic import op
import sqlalchemy as sa

revision = "r04"
down_revision = 'r03'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text))


def downgrade():
    op.drop_table("posts")
