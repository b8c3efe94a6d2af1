"""create sessions

Revision ID: r18
Revises: r17
"""
from alembic import op
import sqlalchemy as sa

revision = "r18"
down_revision = 'r17'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False))


def downgrade():
    op.drop_table("sessions")
