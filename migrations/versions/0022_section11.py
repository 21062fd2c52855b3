"""section 11: a year's cycle, each agency's return, its answers per standard and its actions

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'section11_cycle',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.Column('framework_version', sa.Integer(), nullable=False),
        sa.Column('framework', sa.JSON(), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['opened_by_id'], ['user_account.id'], name=op.f('fk_section11_cycle_opened_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_section11_cycle')),
        sa.UniqueConstraint('year', name=op.f('uq_section11_cycle_year')),
    )
    op.create_table(
        'section11_return',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=30), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(), nullable=True),
        sa.Column('submitted_by_id', sa.Integer(), nullable=True),
        sa.Column('challenged_at', sa.DateTime(), nullable=True),
        sa.Column('responded_at', sa.DateTime(), nullable=True),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('closed_by_id', sa.Integer(), nullable=True),
        sa.Column('panel_note', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['cycle_id'], ['section11_cycle.id'], name=op.f('fk_section11_return_cycle_id_section11_cycle')),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_section11_return_agency_id_agency')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_section11_return_updated_by_id_user_account')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_section11_return_submitted_by_id_user_account')),
        sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], name=op.f('fk_section11_return_closed_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_section11_return')),
        sa.UniqueConstraint('cycle_id', 'agency_id', name=op.f('uq_section11_return_cycle_id_agency_id')),
    )
    op.create_table(
        'section11_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('return_id', sa.Integer(), nullable=False),
        sa.Column('standard_key', sa.String(length=60), nullable=False),
        sa.Column('rating', sa.String(length=20), nullable=True),
        sa.Column('evidence', sa.Text(), nullable=True),
        sa.Column('panel_view', sa.String(length=20), nullable=True),
        sa.Column('panel_reason', sa.Text(), nullable=True),
        sa.Column('response', sa.Text(), nullable=True),
        sa.Column('response_rating', sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(['return_id'], ['section11_return.id'], name=op.f('fk_section11_answer_return_id_section11_return')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_section11_answer')),
        sa.UniqueConstraint('return_id', 'standard_key', name=op.f('uq_section11_answer_return_id_standard_key')),
    )
    op.create_table(
        'section11_action',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('return_id', sa.Integer(), nullable=False),
        sa.Column('standard_key', sa.String(length=60), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('owner', sa.String(length=150), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['return_id'], ['section11_return.id'], name=op.f('fk_section11_action_return_id_section11_return')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_section11_action')),
    )


def downgrade():
    op.drop_table('section11_action')
    op.drop_table('section11_answer')
    op.drop_table('section11_return')
    op.drop_table('section11_cycle')
