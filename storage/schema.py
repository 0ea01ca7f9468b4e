"""Every table module, imported once, so the metadata (migrations, schema checks) is complete."""

from sqlmodel import SQLModel

import storage.accounts
import storage.heartbeats
import storage.models

metadata = SQLModel.metadata
__all__ = ["metadata", "storage"]
