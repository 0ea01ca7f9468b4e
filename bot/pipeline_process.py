"""The pipeline worker in a process of its own, so that the understanding step and the SMTP door each have a core
(one Python process runs one thread at a time: together they were bound to one core).

The service starts `python -P -m bot.pipeline_process PARENT_PID` (-P: never a module from the working folder) in a
session of its own (Ctrl-C reaches the service, which stops it) and hands it the database URL and the pipeline options
on stdin (pickled, from the parent over a pipe only it holds; not in argv, which every local user can read: the
options hold the code key). Then:
- service -> worker, stdin: a byte per wake (mail was stored, or replies left); end of file means stop after the pass.
- worker -> service, stdout: a line per event: `queued` (replies wait in the outbox), `up`, or `down KIND`.
The claims go through the database as between instances, so nothing is processed twice; a worker that dies is
started again by the service, and on Linux a worker dies with its service (a killed service leaves no worker behind
to finish a batch it was no longer meant to).
"""

import asyncio
import ctypes
import logging
import os
import pickle
import signal
import sys
from collections.abc import Callable

from bot.heartbeat import DOWN, UP, Report
from bot.loop_timing import pause
from bot.service_log import configure_service_log
from bot.worker import Wake, worker_loop
from handlers.options import PipelineOptions
from storage.store import Database

log = logging.getLogger(__name__)

RESTART_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)  # a worker that keeps dying is started again ever more slowly
STEADY_SECONDS = 60.0  # a worker that ran this long before dying starts the back-off afresh
STOP_SECONDS = 60.0  # a stopping worker finishes its pass within this, or is killed (its pass rolls back)
PR_SET_PDEATHSIG = 1


class PipelineProcess:
    """One worker process, started again whenever it dies, until the service stops."""

    def __init__(
        self,
        number: int,
        wake: asyncio.Event,
        database_url: str,
        options: PipelineOptions,
        queued: Wake,
        report: Report,
    ) -> None:
        self.number = number
        self.wake = wake  # set by the door and the sender; passed on to the worker
        self.payload = pickle.dumps((database_url, options))
        self.queued = queued
        self.report = report

    async def run(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        failures = 0
        while not stop.is_set():
            started = loop.time()
            try:
                outcome = f"exited with {await self._once(stop)}"
            except Exception as exc:  # could not start it (a process or file limit): the same back-off, never silence
                outcome = f"failed to run ({type(exc).__name__})"
            if stop.is_set():
                return
            failures = 1 if loop.time() - started > STEADY_SECONDS else failures + 1
            delay = RESTART_SECONDS[min(failures, len(RESTART_SECONDS)) - 1]
            self.report(DOWN, f"worker process {outcome}")
            log.error("pipeline process %d %s; starting it again in %.0f s", self.number, outcome, delay)
            await pause(stop, delay)

    async def _once(self, stop: asyncio.Event) -> int | None:
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-P", "-m", "bot.pipeline_process", str(os.getpid())),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
        assert process.stdin is not None and process.stdout is not None
        events = asyncio.create_task(self._events(process.stdout))
        wakes = asyncio.create_task(self._wakes(process.stdin))
        stopping = asyncio.create_task(stop.wait())
        try:
            process.stdin.write(len(self.payload).to_bytes(4, "big") + self.payload)
            await asyncio.wait({events, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            wakes.cancel()
            stopping.cancel()
            if process.returncode is None:
                process.stdin.close()  # the worker finishes its pass and leaves
                try:
                    await asyncio.wait_for(process.wait(), STOP_SECONDS)
                except TimeoutError:
                    process.kill()
                    await process.wait()
            await events
        return process.returncode

    async def _events(self, stdout: asyncio.StreamReader) -> None:
        """Until the worker's end of the pipe closes (it stopped or died)."""
        async for line in stdout:
            event, _, detail = line.decode("ascii", "replace").strip().partition(" ")
            if event == "queued":
                self.queued.set()
            elif event == "up":
                self.report(UP, "")
            elif event == "down":
                self.report(DOWN, detail)

    async def _wakes(self, stdin: asyncio.StreamWriter) -> None:
        try:
            while True:
                await self.wake.wait()
                self.wake.clear()
                stdin.write(b"w")
                await stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            return  # the worker died: _events sees its end of file


class PoolHealth:
    """The worker's health over several processes: down while any of them is, with which and why."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.states: dict[int, tuple[str, str]] = {}

    def reporter(self, number: int) -> Report:
        def report(state: str, detail: str) -> None:
            self.states[number] = (state, detail)
            down = [(n, why) for n, (was, why) in sorted(self.states.items()) if was == DOWN]
            self.report(DOWN, f"process {down[0][0]}: {down[0][1]}") if down else self.report(UP, "")

        return report


class _Parent:
    """The worker's side of the two pipes."""

    def __init__(self) -> None:
        self.state = ""

    def set(self) -> None:
        """Replies were queued: wake the service's sender."""
        self._say("queued")

    def report(self, state: str, detail: str) -> None:
        line = "up" if state == UP else f"down {detail}"
        if line != self.state:  # the worker reports every pass; the service hears of changes only
            self.state = line
            self._say(line)

    @staticmethod
    def _say(line: str) -> None:
        try:
            os.write(sys.stdout.fileno(), line.encode("ascii", "replace") + b"\n")
        except BrokenPipeError:
            pass  # the service is gone; stdin's end of file stops this worker


def _read_exactly(size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = os.read(sys.stdin.fileno(), size - len(data))
        if not chunk:
            raise SystemExit(0)  # the service left before handing over its settings
        data += chunk
    return data


def die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this worker when its service dies, however it dies; a service that died before this
    was set leaves this worker orphaned already, so it leaves at once."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        raise SystemExit(0)


async def _serve(database_url: str, options: PipelineOptions) -> None:
    loop = asyncio.get_running_loop()
    stop, wake = asyncio.Event(), asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):  # an operator (or systemd) signalling it directly: stop cleanly
        loop.add_signal_handler(sig, stop.set)
    stdin = sys.stdin.fileno()
    os.set_blocking(stdin, False)
    loop.add_reader(stdin, _on_input(stdin, wake, stop, loop.remove_reader))
    parent = _Parent()
    db = Database(database_url)
    try:
        await worker_loop(db, options, wake, parent, stop, parent.report)
    finally:
        db.dispose()


def _on_input(fd: int, wake: asyncio.Event, stop: asyncio.Event, unwatch: Callable[[int], bool]) -> Callable[[], None]:
    def readable() -> None:
        try:
            data = os.read(fd, 4096)
        except BlockingIOError:
            return
        if data:
            wake.set()
            return
        unwatch(fd)
        stop.set()
        wake.set()  # end the idle wait now

    return readable


def main() -> None:
    die_with_parent(int(sys.argv[1]))
    configure_service_log()
    size = int.from_bytes(_read_exactly(4), "big")
    database_url, options = pickle.loads(_read_exactly(size))  # noqa: S301 (from our own service, over a pipe)
    asyncio.run(_serve(database_url, options))


if __name__ == "__main__":
    main()
