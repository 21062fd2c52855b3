"""safeguarding alerts that reach a person: the outbox of notifications, each alert's history
and escalation, the respondent's wish to be contacted, who an invite was given to

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 14:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback_invite', schema=None) as batch_op:
        batch_op.add_column(sa.Column('given_to', sa.String(length=200), nullable=True))

    with op.batch_alter_table('safeguarding_alert', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalation_level', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('escalate_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('contact_request', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('contact_token', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_safeguarding_alert_escalate_at'), ['escalate_at'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_safeguarding_alert_contact_token'), ['contact_token'])

    op.create_table('safeguarding_alert_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('told', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['safeguarding_alert.id'], name=op.f('fk_safeguarding_alert_event_alert_id_safeguarding_alert')),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_safeguarding_alert_event_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_alert_event'))
    )
    with op.batch_alter_table('safeguarding_alert_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_alert_event_alert_id'), ['alert_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('to_email', sa.String(length=254), nullable=False),
    sa.Column('to_name', sa.String(length=120), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['safeguarding_alert.id'], name=op.f('fk_notification_alert_id_safeguarding_alert')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_alert_id'), ['alert_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_status'), ['status'], unique=False)

    # Alerts raised before escalation existed are counted as at the first step.
    op.execute("UPDATE safeguarding_alert SET escalation_level = 0 WHERE escalation_level IS NULL")


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_status'))
        batch_op.drop_index(batch_op.f('ix_notification_alert_id'))
    op.drop_table('notification')
    with op.batch_alter_table('safeguarding_alert_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_alert_event_alert_id'))
    op.drop_table('safeguarding_alert_event')
    with op.batch_alter_table('safeguarding_alert', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_safeguarding_alert_contact_token'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_safeguarding_alert_escalate_at'))
        batch_op.drop_column('contact_token')
        batch_op.drop_column('contact_request')
        batch_op.drop_column('escalate_at')
        batch_op.drop_column('escalation_level')
    with op.batch_alter_table('feedback_invite', schema=None) as batch_op:
        batch_op.drop_column('given_to')
