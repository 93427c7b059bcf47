"""analysis outbox: dispatched_at and the running attempt's lease

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 12:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_analysis_runs_status_dispatched', ['status', 'dispatched_at'], unique=False)

    # Runs written before the outbox were handed to RQ (or failed) when they were queued.
    op.execute('UPDATE analysis_runs SET dispatched_at = queued_at')


def downgrade():
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_analysis_runs_status_dispatched')
        batch_op.drop_column('lease_expires_at')
        batch_op.drop_column('dispatched_at')
