"""A small PDF writer for printouts (invoices, receipts, statements): text and rules on A4.

Names come in every script the customers write, so the text is set in Noto Sans (regular and
bold, SIL Open Font License, fonts/OFL.txt), embedded and subset by fpdf2 to the glyphs the
document uses. The two .ttf files are Noto Sans 2.004 (Debian's fonts-noto-core) cut down to
Latin with Vietnamese, Greek and Cyrillic, without hinting or layout tables, which fpdf2 does
not use without text shaping (about 110 KB each, and every bundle carries core):

    pyftsubset NotoSans-Regular.ttf --no-hinting --layout-features='' --name-IDs='*' \
        --unicodes=U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,\
    U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20C0,U+2100-2122,U+2190-2193,U+2212,U+FFFD

A character outside them (Chinese, say) prints as an empty box, not as another letter.

A printout is recorded first and drawn by `render`, which alone imports fpdf2 (and fontTools
with it): a cold start that prints nothing does not load them. fpdf2 needs Pillow only for
images; the bundles do not carry it (infra/package.py).
"""

import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 50
FONTS = Path(__file__).parent / "fonts"
_FAMILY = "NotoSans"
_RULE_GREY = 153  # 0.6 of white


@dataclass(frozen=True)
class _Text:
    x: float
    y: float
    value: str
    size: float
    bold: bool
    right: bool


@dataclass(frozen=True)
class _Rule:
    y: float


@dataclass
class Printout:
    """Pages of text written top to bottom; `line` moves down and starts a new page when full.

    y is the baseline in points from the foot of the page, as PDF counts."""

    title: str
    pages: list[list[_Text | _Rule]] = field(default_factory=lambda: [[]])
    y: float = PAGE_HEIGHT - MARGIN

    def text(self, x: float, value: str, *, size: float = 10, bold: bool = False, right: bool = False) -> None:
        # NFC: a name typed as a letter and a combining accent prints with the composed glyph.
        self.pages[-1].append(_Text(x, self.y, unicodedata.normalize("NFC", value), size, bold, right))

    def rule(self) -> None:
        self.pages[-1].append(_Rule(self.y + 4))

    def line(self, height: float = 14) -> None:
        self.y -= height
        if self.y < MARGIN:
            self.pages.append([])
            self.y = PAGE_HEIGHT - MARGIN

    def render(self) -> bytes:
        """The PDF: the pages as recorded, the title in its metadata, the fonts' used glyphs embedded."""
        with warnings.catch_warnings():
            # The bundles leave Pillow out (printouts have no images): no warning that it is missing.
            warnings.filterwarnings("ignore", "Pillow could not be imported", UserWarning)
            from fpdf import FPDF

        pdf = FPDF(unit="pt", format="A4")
        pdf.set_title(unicodedata.normalize("NFC", self.title))
        pdf.set_producer("Customer portal")
        pdf.set_auto_page_break(False)
        pdf.set_margin(0)
        pdf.add_font(_FAMILY, "", FONTS / "NotoSans-Regular.ttf")
        pdf.add_font(_FAMILY, "B", FONTS / "NotoSans-Bold.ttf")
        pdf.set_draw_color(_RULE_GREY)
        pdf.set_line_width(1)
        for content in self.pages:
            pdf.add_page()
            for item in content:
                top = PAGE_HEIGHT - item.y  # fpdf2 counts from the top
                if isinstance(item, _Rule):
                    pdf.line(MARGIN, top, PAGE_WIDTH - MARGIN, top)
                    continue
                pdf.set_font(_FAMILY, "B" if item.bold else "", item.size)
                x = item.x - pdf.get_string_width(item.value) if item.right else item.x
                pdf.text(x, top, item.value)
        return bytes(pdf.output())
