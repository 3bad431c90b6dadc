"""Every language has every message, and every message the pages use exists."""

import json
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
LANGUAGES = ("en", "fr", "pl", "fi")
USES = re.compile(r"""(?:data-i18n(?:-aria-label)?="|\bt\(\s*"|label:\s*")([a-z0-9_.]+)""")


def _catalogue(language: str) -> dict[str, str]:
    catalogue: dict[str, str] = json.loads((WEB / "i18n" / f"{language}.json").read_text())
    return catalogue


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_each_language_has_exactly_the_english_keys(language: str) -> None:
    assert set(_catalogue(language)) == set(_catalogue("en"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_empty_and_placeholders_match_english(language: str) -> None:
    english = _catalogue("en")
    for key, text in _catalogue(language).items():
        assert text.strip(), key
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", english[key])), key


def test_every_key_the_pages_use_is_in_the_catalogue() -> None:
    sources = [*WEB.rglob("*.html"), *WEB.rglob("*.js")]
    used = {key for source in sources for key in USES.findall(source.read_text())}

    assert used, "the pattern found no message keys at all"
    assert used - set(_catalogue("en")) == set()
