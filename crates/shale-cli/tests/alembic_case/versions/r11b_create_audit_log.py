"""create audit log

Revision ID: r11b
Revises: r10
"""
from alembic import op
import sqlalchemy as sa

revision = "r11b"
down_revision = 'r10'
branch_labels = ("audit",)
depends_on = None


def upgrade():
    op.create_table("audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("at", sa.DateTime, nullable=True))


def downgrade():
    op.drop_table("audit_log")
