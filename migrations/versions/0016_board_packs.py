"""board packs: which sections each board receives, for which area, how often and when due;
a published report is the whole report or one pack's edition of it

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 20:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('board_pack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('area_key', sa.String(length=30), nullable=False),
    sa.Column('cadence', sa.String(length=12), nullable=False),
    sa.Column('due_days', sa.Integer(), nullable=False),
    sa.Column('first_period', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_pack')),
    sa.UniqueConstraint('board', 'name', name=op.f('uq_board_pack_board_name'))
    )
    with op.batch_alter_table('published_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edition', sa.String(length=30), nullable=False, server_default='full'))
        batch_op.add_column(sa.Column('board_pack_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_published_report_board_pack_id_board_pack'), 'board_pack',
                                    ['board_pack_id'], ['id'])
        batch_op.drop_constraint(batch_op.f('uq_published_report_period_area_key'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_published_report_period_area_key_edition'),
                                          ['period', 'area_key', 'edition'])


def downgrade():
    # A published report is never deleted, and packs' editions would clash with the whole
    # report's under the old constraint: refuse rather than lose one.
    packs = op.get_bind().execute(sa.text("SELECT count(*) FROM published_report WHERE edition <> 'full'")).scalar()
    if packs:
        raise RuntimeError(f"{packs} board packs have been published: they cannot be kept without migration 0016")
    with op.batch_alter_table('published_report', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_published_report_period_area_key_edition'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_published_report_period_area_key'), ['period', 'area_key'])
        batch_op.drop_constraint(batch_op.f('fk_published_report_board_pack_id_board_pack'), type_='foreignkey')
        batch_op.drop_column('board_pack_id')
        batch_op.drop_column('edition')
    op.drop_table('board_pack')
