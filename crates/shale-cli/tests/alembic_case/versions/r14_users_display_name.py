"""users display name

Revision ID: r14
Revises: m13
"""
from alembic import op
import sqlalchemy as sa

revision = "r14"
down_revision = 'm13'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("display_name", sa.String(80), nullable=True))


def downgrade():
    op.drop_column("users", "display_name")
