"""index sessions expiry

Revision ID: r19
Revises: r18
"""
from alembic import op
import sqlalchemy as sa

revision = "r19"
down_revision = 'r18'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_sessions_expires", "sessions", ["expires_at"])


def downgrade():
    op.drop_index("ix_sessions_expires", table_name="sessions")
