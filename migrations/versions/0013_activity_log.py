"""the activity log: who viewed, changed or downloaded case-level data

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'activity_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=20), nullable=False),
        sa.Column('record_kind', sa.String(length=40), nullable=False),
        sa.Column('record_id', sa.String(length=64), nullable=True),
        sa.Column('page', sa.String(length=200), nullable=False),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_activity_entry_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_entry')),
    )
    with op.batch_alter_table('activity_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_entry_record_kind'), ['record_kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_entry_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('activity_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_entry_user_id'))
        batch_op.drop_index(batch_op.f('ix_activity_entry_record_kind'))
        batch_op.drop_index(batch_op.f('ix_activity_entry_at'))
    op.drop_table('activity_entry')
