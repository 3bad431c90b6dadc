"""WCAG 2.x contrast: the business's colour must keep text readable (AA: 4.5:1 for body text).

The portal draws the primary colour as link text on white and as the background of buttons
with white text, so it is checked against white.
"""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of '#rrggbb'."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


AA_TEXT = 4.5
WHITE = "#ffffff"
