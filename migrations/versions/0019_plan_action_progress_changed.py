"""plan actions: when their progress (status or what was achieved) last changed, so a board pack lists the actions that changed in its period

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 21:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress_changed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.drop_column('progress_changed_at')
