"""A small PDF writer for printouts (invoices, receipts, statements): text and rules on A4.

No dependency: the standard Helvetica fonts need no embedding, and printouts are text.
Helvetica's standard encoding has no Polish letters, so the encoding below takes 16 codes
from rarely printed symbols (¤ ¦ ¨ ...) and gives them the Latin Extended-A glyphs every
PDF viewer's Helvetica substitute has. Anything else outside it prints as "?".
"""

from dataclasses import dataclass, field

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 50
_EXTRA_GLYPHS = {
    0xA4: ("ą", "aogonek"), 0xA6: ("ć", "cacute"), 0xA8: ("ę", "eogonek"), 0xAA: ("ł", "lslash"),
    0xAC: ("ń", "nacute"), 0xAF: ("ś", "sacute"), 0xB2: ("ź", "zacute"), 0xB3: ("ż", "zdotaccent"),
    0xB4: ("Ą", "Aogonek"), 0xB5: ("Ć", "Cacute"), 0xB6: ("Ę", "Eogonek"), 0xB8: ("Ł", "Lslash"),
    0xB9: ("Ń", "Nacute"), 0xBA: ("Ś", "Sacute"), 0xBC: ("Ź", "Zacute"), 0xBD: ("Ż", "Zdotaccent"),
}  # fmt: skip
_BY_CHAR = {char: code for code, (char, _) in _EXTRA_GLYPHS.items()}
_TAKEN = {bytes([code]).decode("cp1252") for code in _EXTRA_GLYPHS}
# Helvetica's advance widths (1/1000 em) for printable ASCII, from its AFM; others ~556.
_WIDTHS = dict(
    zip(
        (chr(c) for c in range(32, 127)),
        [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
        + [556] * 10
        + [278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833]
        + [722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333]
        + [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500]
        + [278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584],
        strict=True,
    )
)


def encode(text: str) -> bytes:
    out = bytearray()
    for char in text:
        if char in _BY_CHAR:
            out.append(_BY_CHAR[char])
            continue
        try:
            encoded = char.encode("cp1252")
        except UnicodeEncodeError:
            encoded = b"?"
        out += b"?" if char in _TAKEN or encoded[0] < 32 else encoded
    return bytes(out)


def text_width(text: str, size: float) -> float:
    return sum(_WIDTHS.get(char, 556) for char in text) * size / 1000


def _literal(text: str) -> bytes:
    escaped = encode(text).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


@dataclass
class Printout:
    """Pages of text written top to bottom; `line` moves down and starts a new page when full."""

    title: str
    pages: list[list[bytes]] = field(default_factory=lambda: [[]])
    y: float = PAGE_HEIGHT - MARGIN

    def text(self, x: float, value: str, *, size: float = 10, bold: bool = False, right: bool = False) -> None:
        if right:
            x -= text_width(value, size)
        font = b"/F2" if bold else b"/F1"
        self.pages[-1].append(b"BT %s %g Tf %.2f %.2f Td %s Tj ET" % (font, size, x, self.y, _literal(value)))

    def rule(self) -> None:
        y = self.y + 4
        self.pages[-1].append(b"0.6 G %d %.2f m %d %.2f l S 0 G" % (MARGIN, y, PAGE_WIDTH - MARGIN, y))

    def line(self, height: float = 14) -> None:
        self.y -= height
        if self.y < MARGIN:
            self.pages.append([])
            self.y = PAGE_HEIGHT - MARGIN

    def render(self) -> bytes:
        fonts = b"<< /F1 5 0 R /F2 6 0 R >>"
        differences = b" ".join(b"%d /%s" % (code, name.encode()) for code, (_, name) in sorted(_EXTRA_GLYPHS.items()))
        encoding = b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [" + differences + b"] >>"
        page_ids = [7 + 2 * index for index in range(len(self.pages))]
        objects: dict[int, bytes] = {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
            % (b" ".join(b"%d 0 R" % number for number in page_ids), len(page_ids)),
            3: b"<< /Title " + _literal(self.title) + b" /Producer (Customer portal) >>",
            4: encoding,
            5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 4 0 R >>",
            6: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding 4 0 R >>",
        }
        for number, content in zip(page_ids, self.pages, strict=True):
            stream = b"\n".join(content)
            objects[number] = (
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font %s >> /Contents %d 0 R >>"
                % (PAGE_WIDTH, PAGE_HEIGHT, fonts, number + 1)
            )
            objects[number + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for number in sorted(objects):
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
        xref = len(out)
        count = max(objects) + 1
        out += b"xref\n0 %d\n0000000000 65535 f \n" % count
        out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, count))
        out += b"trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref)
        return bytes(out)
