"""identity

Revision ID: 0002_identity
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

import storage.types

revision = "0002_identity"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_number", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("marketing_consent", sa.Boolean(), nullable=False),
        sa.Column("marketing_optout_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_number"),
    )
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_phone"), ["phone"], unique=False)

    op.create_table(
        "chat_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("linked_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "chat_id", name="uq_chat_link"),
    )
    with op.batch_alter_table("chat_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_link_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "customer_email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "address", name="uq_customer_email"),
    )
    with op.batch_alter_table("customer_email", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_email_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_customer_email_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "optout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("customer_number", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "address", name="uq_optout_kind_address"),
    )
    with op.batch_alter_table("optout", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_optout_customer_number"), ["customer_number"], unique=False)

    op.create_table(
        "verification_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("customer_number", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("chat_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sent_to", sa.Text(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("used_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("verification_code", schema=None) as batch_op:
        batch_op.create_index("ix_verification_code_case", ["case_id", "purpose"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("verification_code", schema=None) as batch_op:
        batch_op.drop_index("ix_verification_code_case")

    op.drop_table("verification_code")
    with op.batch_alter_table("optout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_optout_customer_number"))

    op.drop_table("optout")
    with op.batch_alter_table("customer_email", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_email_customer_id"))
        batch_op.drop_index(batch_op.f("ix_customer_email_address"))

    op.drop_table("customer_email")
    with op.batch_alter_table("chat_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_link_customer_id"))

    op.drop_table("chat_link")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_phone"))

    op.drop_table("customer")
