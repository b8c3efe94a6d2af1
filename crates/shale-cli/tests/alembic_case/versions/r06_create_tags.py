"""create tags

Revision ID: r06
Revises: r05
"""
from alembic import op
import sqlalchemy as sa

revision = "r06"
down_revision = 'r05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False, unique=True))


def downgrade():
    op.drop_table("tags")
