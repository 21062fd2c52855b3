"""KPIs where the plan as printed contradicts itself: who resolved the flags, and when

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 17:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flags_resolved', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('flags_resolved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('flags_resolved_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key('fk_kpi_flags_resolved_by', 'user_account', ['flags_resolved_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.drop_constraint('fk_kpi_flags_resolved_by', type_='foreignkey')
        batch_op.drop_column('flags_resolved_at')
        batch_op.drop_column('flags_resolved_by_id')
        batch_op.drop_column('flags_resolved')
