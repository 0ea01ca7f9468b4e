"""A real Dovecot IMAP server on loopback for the tests (Debian's dovecot-imapd, configured as LIBRARIES.md shows).

Dovecot refuses to run its login process as root, so under root it runs as `nobody` from a folder of its own in /tmp
(pytest's tmp_path is not reachable for `nobody`). Every user logs in with PASSWORD (static passdb), so each test
takes a fresh mailbox just by choosing a new user name.
It runs in the foreground as a child of pytest, in a process group of its own, with a parent-death signal: a test
session that is killed takes its Dovecot with it instead of leaving a daemon behind.
Without /usr/sbin/dovecot the IMAP tests are skipped with a loud reason, unless PRIVACYBOT_TEST_REQUIRE_DOVECOT=1
(set by .ci/run), which makes the absence a failure.
"""

import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from imapclient import IMAPClient

from tests.service import free_port, wait_until

DOVECOT = Path("/usr/sbin/dovecot")
REQUIRE_DOVECOT = os.environ.get("PRIVACYBOT_TEST_REQUIRE_DOVECOT") == "1"
PASSWORD = "secret"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
mail_location = maildir:{root}/mail/%u
{capability}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


class Dovecot:
    """One Dovecot instance: start it, or crash it like a power cut (and start it again)."""

    def __init__(self, root: Path, capability: str | None = None) -> None:
        self.root = root
        self.port = free_port()
        self.capability = capability  # replaces the advertised CAPABILITY list (e.g. a server without IDLE and MOVE)
        self.as_root = os.geteuid() == 0
        self.user = "nobody" if self.as_root else pwd.getpwuid(os.getuid()).pw_name
        self.group = "nogroup" if self.as_root else grp.getgrgid(os.getgid()).gr_name
        as_nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"] if self.as_root else []
        self.command = [
            "setpriv",
            *as_nobody,
            "--pdeathsig",
            "KILL",
            str(DOVECOT),
            "-F",
            "-c",
            str(root / "dovecot.conf"),
        ]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Call it from the test's own thread: the parent-death signal fires when the starting thread ends."""
        for name in ("run", "state", "mail"):
            (self.root / name).mkdir(exist_ok=True)
        capability = f"imap_capability = {self.capability}" if self.capability else ""
        (self.root / "dovecot.conf").write_text(
            CONFIG.format(
                root=self.root,
                user=self.user,
                group=self.group,
                port=self.port,
                password=PASSWORD,
                capability=capability,
            )
        )
        if self.as_root:
            for path in [self.root, *self.root.rglob("*")]:
                os.chown(path, 65534, 65534, follow_symlinks=False)
        with open(self.root / "startup.log", "ab") as output:  # not a pipe: Dovecot's children would hold it open
            self.process = subprocess.Popen(self.command, stdout=output, stderr=output, start_new_session=True)
        if not wait_until(self.is_up, 10.0):
            raise RuntimeError(f"Dovecot did not listen on {self.port}: {self.log()}")

    def is_up(self) -> bool:
        return port_open(self.port)

    def crash(self) -> None:
        """SIGKILL to every Dovecot process: connections die mid-command, nothing is said to the clients."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)  # the whole group: the master alone would leave imap serving
        self.process.wait()
        self.process = None
        if not wait_until(lambda: not self.is_up(), 10.0):
            raise RuntimeError("Dovecot did not stop")

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    @contextmanager
    def client(self, user: str) -> Iterator[IMAPClient]:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(user, PASSWORD)
        try:
            yield client
        finally:
            client.logout()

    def append(self, user: str, messages: list[bytes], folder: str = "INBOX") -> None:
        """Deliver like the mail provider would: straight into the folder, by IMAP APPEND."""
        with self.client(user) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw)

    def messages(self, user: str, folder: str) -> list[bytes]:
        """The messages in a folder (empty if it does not exist), read without marking them."""
        with self.client(user) as client:
            if not client.folder_exists(folder):
                return []
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            if not uids:
                return []
            fetched = client.fetch(uids, [b"BODY.PEEK[]"])
            bodies = [fetched[uid].get(b"BODY[]") for uid in sorted(fetched)]
            return [bytes(body) for body in bodies if body is not None]  # NIL: being moved out right now


@contextmanager
def running_dovecot(capability: str | None = None) -> Iterator[Dovecot]:
    """A started Dovecot in a fresh folder, removed afterwards; skip (or fail under .ci/run) without the package."""
    if not DOVECOT.exists():
        reason = f"{DOVECOT} is missing (apt-get install dovecot-imapd): the IMAP tests did NOT run"
        if REQUIRE_DOVECOT:
            pytest.fail(reason)
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="privacybot-dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root, capability)
    server.start()
    try:
        yield server
    finally:
        try:
            server.crash()  # its data goes anyway; a clean shutdown would take Dovecot about 6 s
        finally:
            shutil.rmtree(root, ignore_errors=True)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False
