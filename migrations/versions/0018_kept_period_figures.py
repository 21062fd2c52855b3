"""closed periods' report figures kept with a fingerprint of their inputs; responses and audits indexed by when they were submitted, moderation decisions and history by moderation

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'kept_period_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('period', sa.String(length=20), nullable=False),
        sa.Column('area_key', sa.String(length=30), nullable=False),
        sa.Column('threshold', sa.Integer(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=True),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_period_figures')),
        sa.UniqueConstraint('kind', 'period', 'area_key', 'threshold',
                            name=op.f('uq_kept_period_figures_kind_period_area_key_threshold')),
    )
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_response_submitted_at'), ['submitted_at'], unique=False)
        batch_op.create_index('ix_feedback_response_campaign_id_submitted_at', ['campaign_id', 'submitted_at'],
                              unique=False)
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_submitted_at'), ['submitted_at'], unique=False)
    # A period's moderation decisions and history are read by moderation, for the fingerprint.
    for table in ('moderation_decision', 'moderation_event'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_moderation_id'), ['moderation_id'], unique=False)


def downgrade():
    for table in ('moderation_event', 'moderation_decision'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_moderation_id'))
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_submitted_at'))
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_response_campaign_id_submitted_at')
        batch_op.drop_index(batch_op.f('ix_feedback_response_submitted_at'))
    op.drop_table('kept_period_figures')
