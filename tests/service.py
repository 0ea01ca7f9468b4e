"""Run the real `privacybot run` in a subprocess for end-to-end tests, and talk to it over loopback."""

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def privacybot_env(home: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACYBOT_")}
    env["PRIVACYBOT_HOME"] = str(home)
    env.update({f"PRIVACYBOT_{k.upper()}": v for k, v in settings.items()})
    return env


def privacybot(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], env=env, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=60
    )


def privacybot_in_process(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The same command through `bot.cli.main` inside the test process, for tests that run many commands: each
    subprocess pays ~0.6 s of imports. The environment is the command's alone while it runs."""
    from bot.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse refuses bad arguments this way
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


class RunningService:
    """`privacybot run` started with the given environment; stopped with SIGTERM like an operator would."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        # The log goes to a file: an undrained pipe fills after a few hundred lines and blocks the service.
        home = Path(env["PRIVACYBOT_HOME"])
        home.mkdir(parents=True, exist_ok=True)
        self.log_path = home / "service.log"
        self.log = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if "privacybot ready" not in line:
            self.process.kill()
            self.process.wait()
            raise RuntimeError(f"service did not start: {line!r} {self.log_path.read_text()!r}")

    def wait_for_log(self, marker: str, timeout: float) -> bool:
        """Until the service has logged a line containing `marker` (or the time is up)."""
        return bool(wait_until(lambda: marker in self.log_path.read_text(encoding="utf-8"), timeout, interval=0.01))

    def stop(self) -> str:
        """SIGTERM, wait, and return what the service logged."""
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.log.close()
        return self.log_path.read_text(encoding="utf-8")

    def case_json(self, reference: str) -> dict[str, Any]:
        shown = privacybot(self.env, "cases", "show", reference, "--json")
        assert shown.returncode == 0, shown.stderr
        return json.loads(shown.stdout)


def wait_until(condition: Callable[[], Any], timeout: float, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            return result
        time.sleep(interval)
