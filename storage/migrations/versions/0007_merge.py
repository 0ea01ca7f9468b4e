"""Join the branches written side by side (identity, staff, IMAP, Telegram) into one history.

Revision ID: 0007_merge
Revises: 0002_identity, 0003_staff, 0004_imap, 0006_telegram
"""

revision = "0007_merge"
down_revision = ("0002_identity", "0003_staff", "0004_imap", "0006_telegram")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
