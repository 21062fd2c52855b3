"""published reports; an optional target for impact measures

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 22:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('impact_measure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_percent', sa.Float(), nullable=True))

    op.create_table('published_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('locality_id', sa.Integer(), nullable=True),
    sa.Column('area_key', sa.String(length=30), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=False),
    sa.Column('published_by_name', sa.String(length=120), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_published_report_district_id_district')),
    sa.ForeignKeyConstraint(['locality_id'], ['locality.id'], name=op.f('fk_published_report_locality_id_locality')),
    sa.ForeignKeyConstraint(['published_by_id'], ['user_account.id'], name=op.f('fk_published_report_published_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_published_report')),
    sa.UniqueConstraint('period', 'area_key', name=op.f('uq_published_report_period_area_key'))
    )


def downgrade():
    op.drop_table('published_report')
    with op.batch_alter_table('impact_measure', schema=None) as batch_op:
        batch_op.drop_column('target_percent')
