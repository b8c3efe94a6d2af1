"""index audit action

Revision ID: r16
Revises: r15
"""
from alembic import op
import sqlalchemy as sa

revision = "r16"
down_revision = 'r15'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_audit_action", "audit_log", ["action"])


def downgrade():
    op.drop_index("ix_audit_action", table_name="audit_log")
