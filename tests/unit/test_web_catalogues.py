"""Every language has every message, and every message the pages use exists."""

import json
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
LANGUAGES = ("en", "fr", "pl", "fi")
# Any quoted string shaped like a message key ("signin.code"); filtered to the catalogue's
# namespaces so other dotted strings ("portal.language", a storage key) do not count.
KEY_LIKE = re.compile(r"""["']([a-z]+(?:\.[a-z_]+)+)["']""")


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
    namespaces = {key.split(".", 1)[0] for key in _catalogue("en")}
    found = {key for source in sources for key in KEY_LIKE.findall(source.read_text())}
    used = {key for key in found if key.split(".", 1)[0] in namespaces}

    assert used, "the pattern found no message keys at all"
    assert used - set(_catalogue("en")) == set()
