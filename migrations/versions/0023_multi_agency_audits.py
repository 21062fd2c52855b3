"""multi-agency audits: a round's theme, agencies, district QAG and lead auditor; each
agency's part of a case audit; corrective actions owned by an agency

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'multi_agency_round',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('theme', sa.String(length=40), nullable=False),
        sa.Column('district_id', sa.Integer(), nullable=True),
        sa.Column('locality_id', sa.Integer(), nullable=True),
        sa.Column('lead_auditor_id', sa.Integer(), nullable=False),
        sa.Column('summary', sa.Text(), nullable=True),
        sa.Column('strengths', sa.Text(), nullable=True),
        sa.Column('areas_to_develop', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['audit_round.id'], name=op.f('fk_multi_agency_round_round_id_audit_round')),
        sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_multi_agency_round_district_id_district')),
        sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_multi_agency_round_locality_id_locality')),
        sa.ForeignKeyConstraint(['lead_auditor_id'], ['user_account.id'],
                                name=op.f('fk_multi_agency_round_lead_auditor_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_multi_agency_round')),
        sa.UniqueConstraint('round_id', name=op.f('uq_multi_agency_round_round_id')),
    )
    op.create_table(
        'multi_agency_round_agency',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['multi_agency_round.id'], ondelete='CASCADE',
                                name=op.f('fk_multi_agency_round_agency_round_id_multi_agency_round')),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_multi_agency_round_agency_agency_id_agency')),
        sa.PrimaryKeyConstraint('round_id', 'agency_id', name=op.f('pk_multi_agency_round_agency')),
    )
    op.create_table(
        'audit_part',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('audit_id', sa.Integer(), nullable=False),
        sa.Column('section_key', sa.String(length=80), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=True),
        sa.Column('auditor_id', sa.Integer(), nullable=True),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.Column('evidence', sa.JSON(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('computed_judgement', sa.String(length=30), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(), nullable=True),
        sa.Column('lock_version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['audit_id'], ['audit.id'], ondelete='CASCADE', name=op.f('fk_audit_part_audit_id_audit')),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_audit_part_agency_id_agency')),
        sa.ForeignKeyConstraint(['auditor_id'], ['user_account.id'], name=op.f('fk_audit_part_auditor_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_part')),
        sa.UniqueConstraint('audit_id', 'section_key', name=op.f('uq_audit_part_audit_id_section_key')),
    )
    with op.batch_alter_table('audit_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_part_audit_id'), ['audit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_part_auditor_id'), ['auditor_id'], unique=False)
    with op.batch_alter_table('corrective_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agency_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_corrective_action_agency_id_agency'), 'agency', ['agency_id'], ['id'])


def downgrade():
    with op.batch_alter_table('corrective_action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_corrective_action_agency_id_agency'), type_='foreignkey')
        batch_op.drop_column('agency_id')
    with op.batch_alter_table('audit_part', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_part_auditor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_part_audit_id'))
    op.drop_table('audit_part')
    op.drop_table('multi_agency_round_agency')
    op.drop_table('multi_agency_round')
