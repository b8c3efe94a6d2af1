"""users team

Revision ID: r03
Revises: r02
"""
from alembic import op
import sqlalchemy as sa

revision = "r03"
down_revision = 'r02'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("team_id", sa.Integer, nullable=True))


def downgrade():
    op.drop_column("users", "team_id")
