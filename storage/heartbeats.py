"""Heartbeats: each running instance says, per channel, whether it is up, so `privacybot status` can tell from the
database alone, with the service stopped or on another machine.

One row per (instance, channel), overwritten in place: the table stays as small as the number of instances that ran
in the last week. Rows hold states and error kinds only, never message content or addresses.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import Column, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, SQLModel, col

from storage.states import STOPPED
from storage.store import Store
from storage.types import UTCDateTime

KEEP = timedelta(days=7)  # rows of instances silent this long are deleted by the next heartbeat of any instance


class Heartbeat(SQLModel, table=True):
    """The last word of one channel of one running instance."""

    __tablename__ = "heartbeat"

    instance: str = Field(max_length=128, primary_key=True)  # host:pid:random, unique per process
    channel: str = Field(max_length=16, primary_key=True)  # smtp, imap, telegram, worker, sender
    state: str = Field(max_length=16)  # up, down or stopped
    detail: str = Field(default="", max_length=120)  # why down: an error kind, never personal data
    started_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


def record_beat(
    store: Store, instance: str, started_at: datetime, states: Mapping[str, tuple[str, str]], at: datetime
) -> None:
    """Write this instance's channel states (channel -> (state, detail)) as of `at`; forget long-silent instances."""
    postgres = store.session.get_bind().dialect.name == "postgresql"
    insert = pg_insert if postgres else sqlite_insert
    rows = [
        {
            "instance": instance,
            "channel": channel,
            "state": state,
            "detail": detail[:120],
            "started_at": started_at,
            "updated_at": at,
        }
        for channel, (state, detail) in states.items()
    ]
    if rows:
        statement = insert(Heartbeat)
        statement = statement.on_conflict_do_update(
            index_elements=["instance", "channel"],
            set_={
                "state": statement.excluded.state,
                "detail": statement.excluded.detail,
                "updated_at": statement.excluded.updated_at,
            },
        )
        store.session.execute(statement, rows)
    store.session.execute(delete(Heartbeat).where(col(Heartbeat.updated_at) < at - KEEP))


def record_stopped(store: Store, instance: str, at: datetime) -> None:
    """The instance shut down cleanly: every channel of it is stopped, not merely silent."""
    store.session.execute(
        update(Heartbeat).where(col(Heartbeat.instance) == instance).values(state=STOPPED, detail="", updated_at=at)
    )
