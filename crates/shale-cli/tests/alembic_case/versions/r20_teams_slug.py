"""teams slug

Revision ID: r20
Revises: r19
"""
from alembic import op
import sqlalchemy as sa

revision = "r20"
down_revision = 'r19'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("teams", sa.Column("slug", sa.String(80), nullable=True))


def downgrade():
    op.drop_column("teams", "slug")
