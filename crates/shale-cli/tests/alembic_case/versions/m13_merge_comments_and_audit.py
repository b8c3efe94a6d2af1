"""merge comments and audit

Revision ID: m13
Revises: r12a, r11b
"""
from alembic import op
import sqlalchemy as sa

revision = "m13"
down_revision = ('r12a', 'r11b')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
