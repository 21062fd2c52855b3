"""agencies: the safeguarding partnership's partner agencies, with their own people; a person
may belong to an agency and be scoped to one locality or district

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'agency',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=150), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agency')),
        sa.UniqueConstraint('name', name=op.f('uq_agency_name')),
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agency_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('scope_locality_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('scope_district_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_user_account_agency_id_agency'), 'agency', ['agency_id'], ['id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_user_account_scope_locality_id_locality'), 'locality', ['scope_locality_id'], ['id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_user_account_scope_district_id_district'), 'district', ['scope_district_id'], ['id'])


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_account_scope_district_id_district'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_user_account_scope_locality_id_locality'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_user_account_agency_id_agency'), type_='foreignkey')
        batch_op.drop_column('scope_district_id')
        batch_op.drop_column('scope_locality_id')
        batch_op.drop_column('agency_id')
    op.drop_table('agency')
