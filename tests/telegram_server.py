"""A loopback HTTP server that speaks the Bot API wire format, so the real python-telegram-bot Application (and the
real `privacybot run`) can be tested end to end (LIBRARIES.md: there is no maintained offline kit).

It implements what privacybot calls: getMe, deleteWebhook, getUpdates (long poll, offset semantics: an update is
confirmed, and dropped, once a getUpdates arrives with a higher offset), sendMessage, editMessageText,
answerCallbackQuery and sendChatAction. Tests push updates in, script failures (429 with retry_after, 500) or hold a
method unanswered, and assert on the recorded requests.
"""

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TOKEN = "123456789:TEST-token-for-the-loopback-server"
BOT_ID = 123456789
STRING_FIELDS = {"text", "callback_query_id", "caption", "url"}  # sent as they are, never JSON-decoded


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    status: int = 0  # the HTTP status answered (0 while held)


@dataclass
class Scripted:
    status: int
    retry_after: int | None = None


@dataclass
class BotApiServer:
    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)  # updates not yet confirmed by an offset
    confirm_offsets: bool = True
    _next_update_id: int = 1000
    _next_message_id: int = 1
    _scripts: dict[str, deque[Scripted]] = field(default_factory=dict)
    _held: set[str] = field(default_factory=set)
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _stopping: bool = False

    def start(self) -> "BotApiServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # else every call stalls ~40 ms (LIBRARIES.md)
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                server._serve(self)

            do_GET = do_POST  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    # -- what tests do ------------------------------------------------------------------------------------------

    def push(self, update: dict[str, Any], update_id: int | None = None) -> int:
        """Queue an update (an update_id is given unless one is passed: pass the same one to deliver it twice)."""
        with self._cond:
            if update_id is None:
                update_id = self._next_update_id
                self._next_update_id += 1
            self.pending.append({"update_id": update_id, **update})
            self._cond.notify_all()
        return update_id

    def script(self, method: str, *responses: Scripted) -> None:
        """The next calls of `method` get these answers, in order, instead of the normal one."""
        with self._cond:
            self._scripts.setdefault(method, deque()).extend(responses)

    def clear_scripts(self) -> None:
        with self._cond:
            self._scripts.clear()

    def hold(self, method: str) -> None:
        """Calls of `method` get no answer (the connection stays open) until `release`."""
        with self._cond:
            self._held.add(method)

    def release(self, method: str) -> None:
        with self._cond:
            self._held.discard(method)
            self._cond.notify_all()

    def requests(self, method: str, answered: int | None = None) -> list[Call]:
        """Recorded calls of `method` (only those answered with HTTP `answered`, when given)."""
        with self._cond:
            return [c for c in self.calls if c.method == method and (answered is None or c.status == answered)]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Texts the bot sent successfully (sendMessage answered 200), optionally to one chat."""
        return [
            c.params["text"]
            for c in self.requests("sendMessage", answered=200)
            if chat_id is None or int(c.params["chat_id"]) == chat_id
        ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0, answered: int | None = 200) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.requests(method, answered)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        return self.requests(method, answered)

    # -- the wire -----------------------------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        prefix = f"/bot{self.token}/"
        if not handler.path.startswith(prefix):
            self._reply(handler, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        method = handler.path[len(prefix) :].split("?")[0]
        length = int(handler.headers.get("Content-Length") or 0)
        params = _params(handler.headers.get("Content-Type") or "", handler.rfile.read(length))
        call = Call(method, params, time.monotonic())
        with self._cond:
            self.calls.append(call)
            while method in self._held and not self._stopping:
                self._cond.wait(0.1)
            scripted = self._scripts.get(method)
            failure = scripted.popleft() if scripted else None
        if failure is not None:
            body: dict[str, Any] = {"ok": False, "error_code": failure.status, "description": "scripted failure"}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
                body["description"] = f"Too Many Requests: retry after {failure.retry_after}"
            call.status = failure.status
            self._reply(handler, failure.status, body)
            return
        result = self._result(method, params)
        if result is None:
            call.status = 404
            self._reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})
            return
        call.status = 200
        self._reply(handler, 200, {"ok": True, "result": result})

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Privacy", "username": "privacy_test_bot"}
        if method in ("deleteWebhook", "answerCallbackQuery", "sendChatAction", "setMyCommands"):
            return True
        if method == "getUpdates":
            return self._updates(params)
        if method in ("sendMessage", "editMessageText"):
            with self._cond:
                message_id = params.get("message_id") or self._next_message_id
                self._next_message_id += 1
            chat_id = int(params["chat_id"])
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "text": params.get("text", ""),
            }
        return None

    def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset")
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._cond:
            if offset is not None and self.confirm_offsets:
                self.pending = [u for u in self.pending if u["update_id"] >= int(offset)]
            while not self._stopping:
                ready = [u for u in self.pending if offset is None or u["update_id"] >= int(offset)]
                if ready or time.monotonic() >= deadline:
                    return ready[: int(params.get("limit") or 100)]
                self._cond.wait(min(0.2, max(deadline - time.monotonic(), 0.01)))
            return []

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client went away (a stopped bot)


def _params(content_type: str, body: bytes) -> dict[str, Any]:
    """PTB posts form fields whose values are JSON-encoded (strings as they are), or a JSON object."""
    if not body:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(body)
    params: dict[str, Any] = {}
    for key, values in parse_qs(body.decode(), keep_blank_values=True).items():
        value = values[-1]
        if key in STRING_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


# -- updates as Telegram sends them ----------------------------------------------------------------------------

_message_ids = iter(range(10_000, 10**9))


def user(user_id: int, first_name: str = "Mette", language_code: str = "da") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}


def message(
    chat_id: int,
    text: str | None = None,
    *,
    from_id: int | None = None,
    chat_type: str = "private",
    language_code: str = "da",
    reply_to_text: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A `message` update; `extra` adds fields such as photo=[...] or sticker={...}."""
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": chat_type},
        "from": user(from_id or chat_id, language_code=language_code),
        **extra,
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    if reply_to_text is not None:
        body["reply_to_message"] = {
            "message_id": next(_message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Privacy"},
            "text": reply_to_text,
        }
    return {"message": body}


def edited(chat_id: int, text: str) -> dict[str, Any]:
    return {"edited_message": {**message(chat_id, text)["message"], "edit_date": int(time.time())}}


def button(chat_id: int, data: str, message_id: int, message_text: str) -> dict[str, Any]:
    """A `callback_query`: the user pressed a button under one of the bot's messages."""
    return {
        "callback_query": {
            "id": f"cb{next(_message_ids)}",
            "from": user(chat_id),
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Privacy"},
                "text": message_text,
            },
        }
    }
