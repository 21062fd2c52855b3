"""response language: the language a response was answered in (and the one chosen for the
answers in progress), so results can be split by language

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=20), nullable=True))
    with op.batch_alter_table('feedback_answers_in_progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('feedback_answers_in_progress', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.drop_column('language')
