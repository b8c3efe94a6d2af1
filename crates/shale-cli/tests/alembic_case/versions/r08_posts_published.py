"""posts published

Revision ID: r08
Revises: r07
"""
from alembic import op
import sqlalchemy as sa

revision = "r08"
down_revision = 'r07'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("posts", sa.Column("published", sa.Boolean, nullable=True))


def downgrade():
    op.drop_column("posts", "published")
