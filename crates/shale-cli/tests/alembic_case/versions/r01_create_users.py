"""create users

Revision ID: r01
Revises: 
"""
from alembic import op
import sqlalchemy as sa

revision = "r01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(120), nullable=False, unique=True))


def downgrade():
    op.drop_table("users")
