"""the plan register holds several plans: the council's improvement plan and the safeguarding
partnership's business plan, each numbering its own items; plan actions may say what they
are trying to achieve

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    plan = op.create_table(
        'plan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=False),
        sa.Column('period', sa.String(length=40), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('item_noun', sa.String(length=40), nullable=False),
        sa.Column('measure_prefix', sa.String(length=5), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan')),
        sa.UniqueConstraint('key', name=op.f('uq_plan_key')),
    )
    # The plan every existing recommendation belongs to; the seed fills in its words.
    op.bulk_insert(plan, [{
        'id': 1, 'key': 'improvement-plan', 'title': "Children's Services Improvement Plan", 'owner': '',
        'period': '', 'summary': '', 'item_noun': 'Recommendation', 'measure_prefix': 'r', 'position': 0,
    }])
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_id', sa.Integer(), nullable=True))
    op.execute("UPDATE recommendation SET plan_id = 1")
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.alter_column('plan_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_recommendation_plan_id_plan'), 'plan', ['plan_id'], ['id'])
        batch_op.drop_constraint(batch_op.f('uq_recommendation_number'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_recommendation_plan_id_number'), ['plan_id', 'number'])
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.drop_column('outcome')
    # Refused by the unique number below while another plan's items are held: remove them first.
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_recommendation_plan_id_number'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_recommendation_number'), ['number'])
        batch_op.drop_constraint(batch_op.f('fk_recommendation_plan_id_plan'), type_='foreignkey')
        batch_op.drop_column('plan_id')
    op.drop_table('plan')
