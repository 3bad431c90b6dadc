"""Ticket tags the business names per language (issue 18): saved and read back by the
console and by customers, English required and the others optional, a label only for a tag
of the list, and tickets still storing the tag codes."""

from typing import Any

from functions.tickets.models import SETTINGS, SupportSettingsItem
from tests.functional.visitor import Visitor

SETTINGS_PATH = "/tickets/operator/support/settings"


def put(operator: Visitor, **changes: Any) -> Any:
    settings = operator.get(SETTINGS_PATH).json_body
    return operator.call("PUT", SETTINGS_PATH, {**settings, **changes})


def test_labels_are_saved_and_read_back_by_the_console_and_customers(operator: Visitor, dana: Visitor) -> None:
    assert operator.get(SETTINGS_PATH).json_body["tag_labels"] == {}  # the defaults: the catalogue's labels
    saved = put(
        operator,
        tags=["delivery", "Gift-Wrap"],
        tag_labels={
            "gift-wrap": {"en": "Gift wrap", "fr": "Emballage cadeau"},
            "delivery": {"en": "Shipping", "fi": "Toimitus", "pl": None},  # a default tag, renamed
        },
    )
    assert saved.status_code == 200, saved.json_body
    expected = {
        "gift-wrap": {"en": "Gift wrap", "fr": "Emballage cadeau", "pl": None, "fi": None},
        "delivery": {"en": "Shipping", "fr": None, "pl": None, "fi": "Toimitus"},
    }
    console = operator.get(SETTINGS_PATH).json_body
    assert console["tags"] == ["delivery", "gift-wrap"]  # codes in lower case, as tickets store them
    assert console["tag_labels"] == expected
    customer = dana.get("/tickets/support/settings").json_body
    assert customer["tags"] == ["delivery", "gift-wrap"]
    assert customer["tag_labels"] == expected
    # A language left out is not stored: it reads the English.
    stored = SupportSettingsItem.get(*SETTINGS)
    assert stored.tag_labels.as_dict()["gift-wrap"] == {"en": "Gift wrap", "fr": "Emballage cadeau"}  # type: ignore[no-untyped-call]

    # Tickets keep the code, whatever it is called.
    ticket = dana.call(
        "POST",
        "/tickets",
        {"kind": "request", "subject": "Wrap it", "description": "A gift.", "tags": ["gift-wrap"]},
        headers={"Idempotency-Key": "tag-labels-001"},
    ).json_body
    assert ticket["tags"] == ["gift-wrap"]
    assert dana.get(f"/tickets/{ticket['ticket_id']}").json_body["ticket"]["tags"] == ["gift-wrap"]

    # The PUT a page sends back with what it read (nulls included) keeps them.
    assert operator.call("PUT", SETTINGS_PATH, console).status_code == 200
    assert operator.get(SETTINGS_PATH).json_body["tag_labels"] == expected


def test_a_label_for_a_tag_not_in_the_list_is_refused_with_its_field(operator: Visitor) -> None:
    refused = put(operator, tags=["delivery"], tag_labels={"gift-wrap": {"en": "Gift wrap"}})
    assert refused.status_code == 400
    error = refused.json_body["error"]
    assert error["code"] == "invalid_fields"
    assert [(d["field"], d["reason"], d["choices"]) for d in error["details"]] == [
        ("tag_labels.gift-wrap", "not_allowed", ["delivery"])
    ]
    assert operator.get(SETTINGS_PATH).json_body["tag_labels"] == {}  # nothing saved


def test_labels_need_english_one_line_of_at_most_40_characters(operator: Visitor) -> None:
    def problems(labels: Any) -> list[tuple[str, str, int | None]]:
        reply = put(operator, tags=["gift-wrap"], tag_labels={"gift-wrap": labels})
        assert reply.status_code == 400, reply.json_body
        return [(d["field"], d["reason"], d.get("limit")) for d in reply.json_body["error"]["details"]]

    assert problems({"fr": "Emballage cadeau"}) == [("tag_labels.gift-wrap.en", "required", None)]
    assert problems({"en": "x" * 41}) == [("tag_labels.gift-wrap.en", "too_long", 40)]
    assert problems({"en": "Gift wrap", "fr": "Emballage\ncadeau"}) == [
        ("tag_labels.gift-wrap.fr", "not_one_line", None)
    ]
    assert problems({"en": "Gift wrap", "pl": "  "}) == [("tag_labels.gift-wrap.pl", "blank", None)]
    assert problems({"en": "Gift wrap", "de": "Geschenkverpackung"}) == [
        ("tag_labels.gift-wrap.de", "unknown_field", None)
    ]
    assert problems({"en": 5})[0][:2] == ("tag_labels.gift-wrap.en", "not_text")
