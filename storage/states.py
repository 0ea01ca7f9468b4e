"""Status strings of stored rows and channel heartbeats, named once so queries and logic agree.

Kept apart from storage.models so that the read-only commands (storage.plain_reads) need not import the ORM.
"""

RAW_NEW = "new"
RAW_DONE = "done"
RAW_IGNORED = "ignored"
RAW_QUARANTINED = "quarantined"

OUT_PENDING = "pending"
OUT_SENT = "sent"
OUT_FAILED = "failed"

UP = "up"
DOWN = "down"
STOPPED = "stopped"
