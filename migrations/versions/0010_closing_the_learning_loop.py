"""closing the learning loop: corrective actions confirmed (or reopened, with a history
written once) and escalated once when overdue; each round's summary findings and
recommendations, linked to the plan's impact measures

Actions completed before this revision had no one to confirm them: they count as
confirmed on the day they were completed, by nobody named.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 17:06:06

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('round_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['audit_round.id'], name=op.f('fk_round_point_round_id_audit_round')),
    sa.ForeignKeyConstraint(['written_by_id'], ['user_account.id'], name=op.f('fk_round_point_written_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_point'))
    )
    with op.batch_alter_table('round_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_point_round_id'), ['round_id'], unique=False)

    op.create_table('round_point_measure',
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['impact_measure.id'], name=op.f('fk_round_point_measure_measure_id_impact_measure'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['point_id'], ['round_point.id'], name=op.f('fk_round_point_measure_point_id_round_point'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('point_id', 'measure_id', name=op.f('pk_round_point_measure'))
    )
    op.create_table('corrective_action_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('event', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['corrective_action.id'], name=op.f('fk_corrective_action_event_action_id_corrective_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_corrective_action_event_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_corrective_action_event'))
    )
    with op.batch_alter_table('corrective_action_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_corrective_action_event_action_id'), ['action_id'], unique=False)

    with op.batch_alter_table('corrective_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_corrective_action_confirmed_by_id_user_account'), 'user_account', ['confirmed_by_id'], ['id'])

    op.execute("UPDATE corrective_action SET confirmed_at = completed_at WHERE completed_at IS NOT NULL")



def downgrade():
    with op.batch_alter_table('corrective_action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_corrective_action_confirmed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('confirmed_by_id')
        batch_op.drop_column('confirmed_at')

    with op.batch_alter_table('corrective_action_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_corrective_action_event_action_id'))

    op.drop_table('corrective_action_event')
    op.drop_table('round_point_measure')
    with op.batch_alter_table('round_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_point_round_id'))

    op.drop_table('round_point')
