"""The in-process writer lock for SQLite: turns go in arrival order, so a worker looping over batches cannot keep
the SMTP door waiting."""

import threading
import time

from storage.store import FairLock


def test_the_writer_lock_hands_turns_over_in_arrival_order_even_to_a_holder_coming_straight_back():
    lock = FairLock()
    order: list[str] = []

    def take(name: str) -> None:
        with lock:
            order.append(name)

    lock.__enter__()  # the worker holds the lock
    waiting = [threading.Thread(target=take, args=(name,)) for name in ("door", "sender", "identity")]
    for thread in waiting:
        thread.start()
        time.sleep(0.05)  # each is queued before the next arrives
    lock.__exit__()
    take("worker again")  # straight back, as a loop over batches does: behind everyone who was waiting
    for thread in waiting:
        thread.join(5)
    assert order == ["door", "sender", "identity", "worker again"]
