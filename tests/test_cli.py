"""The command line as users and scripts meet it: --help everywhere, deadline, classify, cases, db upgrade."""

import json

import pytest

from storage.migrate import head_revisions
from tests.service import privacybot, privacybot_env

COMMANDS = [
    [],
    ["run"],
    ["demo"],
    ["deadline"],
    ["classify"],
    ["cases"],
    ["cases", "list"],
    ["cases", "show"],
    ["db"],
    ["db", "upgrade"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "privacybot")
def test_every_command_has_help(tmp_path, command):
    result = privacybot(privacybot_env(tmp_path), *command, "--help")
    assert result.returncode == 0 and "usage: privacybot" in result.stdout


@pytest.mark.parametrize(
    "received, extended, expected",
    [
        # 31 Jan 2026 -> 28 Feb 2026 is a Saturday -> Monday 2 March.
        ("2026-01-31T10:00:00+01:00", False, "2026-03-02"),
        # 23:30 UTC on 31 Jan is already 1 Feb in Copenhagen -> 1 March is a Sunday -> 2 March.
        ("2026-01-31T23:30:00Z", False, "2026-03-02"),
        # 24 Nov 2026 -> 24 Dec 2026 (Thursday; Christmas Eve is a working day).
        ("2026-11-24T09:00:00+01:00", False, "2026-12-24"),
        # Extended: 31 May 2027 -> 30 Jun -> 30 Aug 2027 (Monday), earlier than 31 Aug.
        ("2027-05-31T12:00:00+02:00", True, "2027-08-30"),
    ],
)
def test_deadline_prints_the_legal_date(tmp_path, received, extended, expected):
    args = ["deadline", received] + (["--extended"] if extended else [])
    result = privacybot(privacybot_env(tmp_path), *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_deadline_refuses_an_instant_without_offset(tmp_path):
    result = privacybot(privacybot_env(tmp_path), "deadline", "2026-01-31T10:00:00")
    assert result.returncode == 2 and "offset" in result.stderr


def test_classify_reads_json_lines_and_writes_one_answer_per_line(tmp_path):
    lines = [
        {"id": 1, "subject": "Slet mig", "text": "Slet venligst min konto og alle mine data."},
        {"id": "b", "subject": "Newsletter", "text": "Please unsubscribe me from your newsletter."},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines)
    result = privacybot(privacybot_env(tmp_path), "classify", stdin=stdin)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["id"] for a in answers] == [1, "b"]
    assert "erasure" in answers[0]["labels"] and answers[0]["lang"] == "da"
    assert "marketing_optout" in answers[1]["labels"] and answers[1]["lang"] == "en"
    for answer in answers:
        assert set(answer) == {"id", "labels", "lang", "confidence", "triage", "evidence"}
        assert isinstance(answer["triage"], bool) and 0 <= answer["confidence"] <= 1


def test_classify_takes_plain_text_as_one_message(tmp_path):
    result = privacybot(privacybot_env(tmp_path), "classify", stdin="I want a copy of all my personal data.\n")
    [answer] = [json.loads(line) for line in result.stdout.splitlines()]
    assert "access" in answer["labels"]


def test_cases_list_on_an_empty_database_and_show_of_an_unknown_case(tmp_path):
    env = privacybot_env(tmp_path)
    listed = privacybot(env, "cases", "list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    shown = privacybot(env, "cases", "show", "PRV-2026-999999")
    assert shown.returncode == 1 and "no case PRV-2026-999999" in shown.stderr


def test_db_upgrade_reports_the_revision_and_is_repeatable(tmp_path):
    env = privacybot_env(tmp_path)
    for _ in range(2):
        result = privacybot(env, "db", "upgrade")
        assert result.returncode == 0 and "database at revision" in result.stdout
        assert head_revisions()[0] in result.stdout


def test_bad_configuration_is_a_clear_error(tmp_path):
    result = privacybot(privacybot_env(tmp_path, smtp_listen="8025"), "cases", "list")
    assert result.returncode == 2 and "PRIVACYBOT_SMTP_LISTEN must be HOST:PORT" in result.stderr
