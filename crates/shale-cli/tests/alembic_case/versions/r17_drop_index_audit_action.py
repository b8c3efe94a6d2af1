"""drop index audit action

Revision ID: r17
Revises: r16
"""
from alembic import op
import sqlalchemy as sa

revision = "r17"
down_revision = 'r16'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_audit_action", table_name="audit_log")


def downgrade():
    op.create_index("ix_audit_action", "audit_log", ["action"])
