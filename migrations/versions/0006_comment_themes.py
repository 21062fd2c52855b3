"""Comment themes and tags; who made and published a questionnaire version

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 22:30:57.942336

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'], name=op.f('fk_comment_theme_added_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_theme')),
    sa.UniqueConstraint('name', name=op.f('uq_comment_theme_name'))
    )
    op.create_table('comment_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_key', sa.String(length=80), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('tagged_at', sa.DateTime(), nullable=False),
    sa.Column('tagged_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['feedback_response.id'], name=op.f('fk_comment_tag_response_id_feedback_response')),
    sa.ForeignKeyConstraint(['tagged_by_id'], ['user_account.id'], name=op.f('fk_comment_tag_tagged_by_id_user_account')),
    sa.ForeignKeyConstraint(['theme_id'], ['comment_theme.id'], name=op.f('fk_comment_tag_theme_id_comment_theme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_tag')),
    sa.UniqueConstraint('response_id', 'question_key', 'theme_id', name=op.f('uq_comment_tag_response_id_question_key_theme_id'))
    )
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('published_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_questionnaire_version_created_by_id_user_account'), 'user_account', ['created_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_questionnaire_version_published_by_id_user_account'), 'user_account', ['published_by_id'], ['id'])



def downgrade():
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_questionnaire_version_published_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_questionnaire_version_created_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('published_by_id')
        batch_op.drop_column('created_by_id')

    op.drop_table('comment_tag')
    op.drop_table('comment_theme')
