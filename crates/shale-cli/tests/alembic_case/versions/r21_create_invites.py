"""create invites

Revision ID: r21
Revises: r20
"""
from alembic import op
import sqlalchemy as sa

revision = "r21"
down_revision = 'r20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("invites",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("email", sa.String(120), nullable=False))


def downgrade():
    op.drop_table("invites")
