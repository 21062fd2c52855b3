"""moderation drafts: the moderator's decisions saved section by section, before finalising

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('moderation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('moderation', schema=None) as batch_op:
        batch_op.drop_column('draft')
