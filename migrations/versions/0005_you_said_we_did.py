"""you said, we did

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 21:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('you_said_we_did',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('heard', sa.Text(), nullable=False),
    sa.Column('did', sa.Text(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('measure_key', sa.String(length=20), nullable=True),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_you_said_we_did_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_you_said_we_did'))
    )


def downgrade():
    op.drop_table('you_said_we_did')
