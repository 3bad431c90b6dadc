"""The payments bundle prints on its own: fpdf2, fontTools and the fonts travel with it, and
Pillow, which it leaves out, is not needed for a printout."""

import io
import subprocess
import sys
from pathlib import Path

import pypdf

from infra.package import stage

# Run with nothing of this machine's site-packages: only the standard library and the bundle.
PRINT_FROM_THE_BUNDLE = """
import sys, warnings
warnings.simplefilter("error")
sys.path.insert(0, sys.argv[1])
from functions.core.pdf import Printout
printout = Printout("Иванова")
printout.text(50, "Nguyễn Văn An · Παπαδόπουλος · Иванова", bold=True)
body = printout.render()
assert "PIL" not in sys.modules, "Pillow was imported"
sys.stdout.buffer.write(body)
"""


def test_the_payments_bundle_prints_without_pillow(tmp_path: Path) -> None:
    vendor = stage("payments", tmp_path / "payments", compile_bytecode=False) / "vendor"
    assert not (vendor / "PIL").exists()
    assert (vendor / "functions" / "core" / "fonts" / "OFL.txt").is_file()

    printed = subprocess.run(
        [sys.executable, "-I", "-S", "-c", PRINT_FROM_THE_BUNDLE, str(vendor)],
        capture_output=True,
        check=True,
        timeout=60,
    )

    document = pypdf.PdfReader(io.BytesIO(printed.stdout))
    assert document.metadata is not None
    assert document.metadata.title == "Иванова"
    assert "Nguyễn Văn An · Παπαδόπουλος · Иванова" in document.pages[0].extract_text()
