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


# The plural forms each language's rules choose among for whole numbers (CLDR, as Intl.PluralRules
# selects them); French "many" (for millions) falls back to "other" in web/js/i18n.js.
PLURAL_FORMS = {
    "en": {"one", "other"},
    "fr": {"one", "other"},
    "pl": {"one", "few", "many", "other"},
    "fi": {"one", "other"},
}
Message = str | dict[str, str]


def _catalogue(language: str) -> dict[str, Message]:
    catalogue: dict[str, Message] = json.loads((WEB / "i18n" / f"{language}.json").read_text())
    return catalogue


def _forms(message: Message) -> list[str]:
    return [message] if isinstance(message, str) else list(message.values())


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_each_language_has_exactly_the_english_keys(language: str) -> None:
    assert set(_catalogue(language)) == set(_catalogue("en"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_empty_and_placeholders_match_english(language: str) -> None:
    english = _catalogue("en")
    for key, message in _catalogue(language).items():
        expected = set().union(*(_placeholders(form) for form in _forms(english[key])))
        for form in _forms(message):
            assert form.strip(), key
            assert _placeholders(form) <= expected | {"count"}, key
        assert set().union(*(_placeholders(form) for form in _forms(message))) == expected, key


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_counted_message_has_exactly_the_plural_forms_of_its_language(language: str) -> None:
    english = _catalogue("en")
    for key, message in _catalogue(language).items():
        assert isinstance(message, str) == isinstance(english[key], str), key
        if isinstance(message, dict):
            assert set(message) == PLURAL_FORMS[language], key
            # Every form shows the number: French "one" covers 0 as well as 1.
            assert all("{count}" in form for form in message.values()), key


def test_every_key_the_pages_use_is_in_the_catalogue() -> None:
    sources = [*WEB.rglob("*.html"), *WEB.rglob("*.js")]
    namespaces = {key.split(".", 1)[0] for key in _catalogue("en")}
    found = {key for source in sources for key in KEY_LIKE.findall(source.read_text())}
    used = {key for key in found if key.split(".", 1)[0] in namespaces}

    assert used, "the pattern found no message keys at all"
    assert used - set(_catalogue("en")) == set()
