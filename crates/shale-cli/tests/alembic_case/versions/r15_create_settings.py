"""create settings

Revision ID: r15
Revises: r14
"""
from alembic import op
import sqlalchemy as sa

revision = "r15"
down_revision = 'r14'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text))


def downgrade():
    op.drop_table("settings")
