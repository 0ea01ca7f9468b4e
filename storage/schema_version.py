"""The schema revision this program expects, named without importing Alembic or SQLAlchemy.

A command sees the schema is current with one query against `alembic_version`; a test checks HEAD against the
migrations folder.
"""

HEAD = "0013_raw_lease"
