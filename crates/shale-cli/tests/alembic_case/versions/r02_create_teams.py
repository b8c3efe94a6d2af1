"""create teams

Revision ID: r02
Revises: r01
"""
from alembic import op
import sqlalchemy as sa

revision = "r02"
down_revision = 'r01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False))


def downgrade():
    op.drop_table("teams")
