"""index comments created

Revision ID: r12a
Revises: r11a
"""
from alembic import op
import sqlalchemy as sa

revision = "r12a"
down_revision = 'r11a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_comments_created", "comments", ["created_at"])


def downgrade():
    op.drop_index("ix_comments_created", table_name="comments")
