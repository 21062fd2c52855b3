"""answers in progress: a respondent's answers between pages, kept against a random token
in the page until sent or expired

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_answers_in_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('invite_id', sa.Integer(), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('free_text', sa.JSON(), nullable=False),
    sa.Column('respondent_name', sa.String(length=120), nullable=True),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['feedback_campaign.id'], name=op.f('fk_feedback_answers_in_progress_campaign_id_feedback_campaign')),
    sa.ForeignKeyConstraint(['invite_id'], ['feedback_invite.id'], name=op.f('fk_feedback_answers_in_progress_invite_id_feedback_invite')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_answers_in_progress')),
    sa.UniqueConstraint('token', name=op.f('uq_feedback_answers_in_progress_token'))
    )
    with op.batch_alter_table('feedback_answers_in_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_answers_in_progress_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback_answers_in_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_answers_in_progress_expires_at'))
    op.drop_table('feedback_answers_in_progress')
