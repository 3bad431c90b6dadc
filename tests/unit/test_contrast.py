"""WCAG contrast as the portal editor checks the business's colour."""

import pytest

from functions.portal.contrast import AA_TEXT, WHITE, contrast


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [
        ("#000000", 21.0),  # the extremes WCAG defines
        ("#ffffff", 1.0),
        ("#767676", 4.54),  # the lightest grey that passes AA on white
        ("#777777", 4.48),  # one step lighter fails
        ("#1f5fa8", 6.44),  # the portal's default accent
    ],
)
def test_contrast_against_white(colour: str, ratio: float) -> None:
    assert round(contrast(colour, WHITE), 2) == ratio


def test_the_order_of_the_colours_does_not_matter() -> None:
    assert contrast("#1f5fa8", WHITE) == contrast(WHITE, "#1f5fa8")
    assert contrast("#767676", WHITE) >= AA_TEXT > contrast("#777777", WHITE)
