"""One currency table (ISO 4217 minor units) for the server and the pages: the web formats
and parses amounts with the digits the server means, for every active currency."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from functions.core.money import CURRENCIES_FILE, MINOR_DIGITS, Currency, Money

WEB = Path(__file__).resolve().parents[2] / "web"


def test_the_pages_load_the_servers_table() -> None:
    web_copy = json.loads((WEB / "currencies.json").read_text(encoding="utf-8"))

    assert web_copy == MINOR_DIGITS, f"copy {CURRENCIES_FILE} to web/currencies.json"


@pytest.mark.parametrize(
    ("amount", "currency", "plain"),
    [
        (5000, "VND", "5000 VND"),
        (5000, "CLP", "5000 CLP"),
        (5000, "HUF", "50.00 HUF"),
        (5000, "JOD", "5.000 JOD"),
        (12345, "IQD", "12.345 IQD"),
        (123456, "CLF", "12.3456 CLF"),
        (1234, "EUR", "12.34 EUR"),
    ],
)
def test_the_server_writes_each_currency_with_its_iso_digits(amount: int, currency: str, plain: str) -> None:
    assert Money(amount=amount, currency=currency).format_plain() == plain


def test_every_active_currency_is_known_and_only_those() -> None:
    assert len(MINOR_DIGITS) > 150
    assert set(MINOR_DIGITS.values()) == {0, 2, 3, 4}
    assert TypeAdapter(Currency).validate_python("VND") == "VND"
    with pytest.raises(ValidationError, match="ISO 4217"):
        TypeAdapter(Currency).validate_python("ZZZ")


# The pages' own functions (web/js/ui.js), run by Node with the table served as the browser
# would fetch it.
_NODE_SCRIPT = """
import { readFileSync } from "node:fs";
globalThis.fetch = async (url) => ({ ok: true, json: async () => JSON.parse(readFileSync(`web${url}`, "utf-8")) });
const ui = await import("./web/js/ui.js");
const cases = JSON.parse(process.argv[1]);
const answers = cases.map(([fn, args]) => { const v = ui[fn](...args); return Number.isNaN(v) ? "NaN" : v; });
console.log(JSON.stringify(answers));
"""


def _in_the_pages(cases: list[tuple[str, list[Any]]]) -> list[Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js runs the pages' code (make test installs it with the browser tests)")
    root = WEB.parent
    run = subprocess.run(
        [node, "--input-type=module", "-e", _NODE_SCRIPT, json.dumps(cases)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return list(json.loads(run.stdout))


def test_the_pages_write_every_currency_with_the_servers_digits() -> None:
    codes = sorted(MINOR_DIGITS)

    written = _in_the_pages([("money", [123456, code, "en"]) for code in codes])

    for code, text in zip(codes, written, strict=True):
        major = Money(amount=123456, currency=code).format_plain().split()[0]
        assert major in text.replace(",", ""), (code, text)


def test_the_pages_read_typed_amounts_with_the_servers_digits() -> None:
    cases: list[tuple[str, list[Any]]] = [
        ("minorUnits", ["12.5", "EUR"]),
        ("minorUnits", ["19.99", "EUR"]),
        ("minorUnits", ["12,345", "KWD"]),
        ("minorUnits", ["5000", "VND"]),
        ("minorUnits", ["5000.5", "VND"]),
        ("minorUnits", ["1.2345", "JOD"]),
        ("minorUnits", ["1.2345", "CLF"]),
        ("minorUnits", ["", "EUR"]),
        ("minorUnits", ["-3", "EUR"]),
        ("majorUnits", [12345, "IQD"]),
        ("majorUnits", [1250, "JPY"]),
        ("minorStep", ["KWD"]),
        ("minorStep", ["CLP"]),
        ("money", [5000, "VND", "en"]),
        ("money", [5000, "JOD", "en"]),
        ("money", [5000, "HUF", "en"]),
    ]

    answers = _in_the_pages(cases)

    assert answers == [
        1250,
        1999,
        12345,
        5000,
        "NaN",
        "NaN",
        12345,
        "NaN",
        "NaN",
        "12.345",
        "1250",
        "0.001",
        "1",
        "₫5,000",
        "JOD\u00a05.000",
        "HUF\u00a050.00",
    ]
