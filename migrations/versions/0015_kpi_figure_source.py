"""Where a KPI's figure comes from: entered (by hand or CSV) or worked out from final audits

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 20:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figure_source', sa.String(length=20), nullable=False, server_default='entered'))
    # The headline "% of audits judged good or outstanding" is worked out from final audits,
    # even where an administrator has edited the KPI (the seed leaves edited rows alone).
    op.execute("UPDATE kpi SET figure_source = 'audits' WHERE seed_key = 'new-audits-good-outstanding'")


def downgrade():
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.drop_column('figure_source')
