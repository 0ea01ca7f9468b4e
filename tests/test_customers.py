"""Customer accounts: CSV import through the CLI (rejections explained, re-import idempotent), contact matching."""

import json

import pytest

from tests.service import privacybot, privacybot_env
from verification.contacts import customer_numbers_in, normalise_address, normalise_phone, phones_in

CSV = """customer_number,name,email,phone
10442,Mette Hansen,Mette.Hansen@Example.dk; mh@firma.dk,+45 12 34 56 78
20001,Ole Sørensen,ole@xn--srensen-90a.dk,
20002,Bad Address,not-an-address,
,No Number,x@example.dk,
20003,Bad Phone,p@example.dk,12 34
10442,Duplicate,dup@example.dk,
20004,Søren Ærø,søren@ærø.dk,0045 87654321
"""


@pytest.fixture
def env(tmp_path, database_url):
    return privacybot_env(tmp_path, database_url=database_url)


def test_import_reports_rejected_rows_and_reimport_changes_nothing(tmp_path, env):
    path = tmp_path / "customers.csv"
    path.write_text(CSV, encoding="utf-8")
    first = privacybot(env, "customers", "import", str(path), "--json")
    assert first.returncode == 1  # some rows were rejected: the operator must look
    summary = json.loads(first.stdout)
    assert (summary["created"], summary["updated"], summary["unchanged"]) == (3, 0, 0)
    reasons = {r["line"]: r["reason"] for r in summary["rejected"]}
    assert reasons == {
        4: "not an e-mail address: 'not-an-address'",
        5: "customer_number is empty",
        6: "not a Danish phone number: '12 34'",
        7: "customer_number appears earlier in the file",
    }
    again = json.loads(privacybot(env, "customers", "import", str(path), "--json").stdout)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)

    path.write_text(CSV.replace("Mette Hansen", "Mette Hansen-Berg"), encoding="utf-8")
    changed = json.loads(privacybot(env, "customers", "import", str(path), "--json").stdout)
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 2)


def test_import_with_a_wrong_header_says_which_columns_are_missing(tmp_path, env):
    path = tmp_path / "bad.csv"
    path.write_text("number,navn\n1,x\n", encoding="utf-8")
    result = privacybot(env, "customers", "import", str(path))
    assert result.returncode == 2 and "missing: customer_number, name, email" in result.stderr


def test_import_shows_progress_and_a_summary(tmp_path, env):
    path = tmp_path / "ok.csv"
    path.write_text("customer_number,name,email\n1,A,a@example.dk\n2,B,b@example.dk\n", encoding="utf-8")
    result = privacybot(env, "customers", "import", str(path))
    assert result.returncode == 0 and "2 created, 0 updated, 0 unchanged, 0 rejected" in result.stdout
    assert "100.0% 2/2 rows" in result.stderr


@pytest.mark.parametrize(
    "written, expected",
    [
        ("+45 12 34 56 78", "+4512345678"),
        ("0045 12345678", "+4512345678"),
        ("12 34 56 78", "+4512345678"),
        ("12-34-56-78", "+4512345678"),
        ("4512345678", "+4512345678"),
        ("1234567", None),
        ("+46 70 123 45 67", None),
    ],
)
def test_danish_phone_numbers_are_normalised(written, expected):
    assert normalise_phone(written) == expected


def test_phone_and_customer_number_are_found_in_free_text():
    text = "Ring på tlf. +45 12 34 56 78 eller 87 65 43 21. Mit kundenr. er 10442, ordre 55."
    assert phones_in(text) == ["+4512345678", "+4587654321"]
    assert customer_numbers_in(text) == ["10442"]
    assert customer_numbers_in("My customer number is CS-2291.") == ["CS-2291"]
    assert customer_numbers_in("I paid 10442 kroner") == []


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Mette.Hansen@Example.DK", "mette.hansen@example.dk"),
        ("<ole@ærø.dk>", "ole@xn--r-3fa9c.dk"),
        ("OLE@XN--R-3FA9C.DK", "ole@xn--r-3fa9c.dk"),
        # IDNA 2008, as registries use it: not strasse.de, another registrant's domain (IDNA 2003, Python's codec)
        ("anna@straße.de", "anna@xn--strae-oqa.de"),
        ("anna@Blåbær.DK", "anna@xn--blbr-roah.dk"),
        ("two@a.dk, three@b.dk", None),
        ("no-at-sign", None),
    ],
)
def test_addresses_are_normalised_for_exact_matching(written, expected):
    assert normalise_address(written) == expected
