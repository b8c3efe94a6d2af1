"""comments created at

Revision ID: r11a
Revises: r10
"""
from alembic import op
import sqlalchemy as sa

revision = "r11a"
down_revision = 'r10'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("comments", sa.Column("created_at", sa.DateTime, nullable=True))


def downgrade():
    op.drop_column("comments", "created_at")
