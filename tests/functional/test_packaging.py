"""`chalice package` on the staged bundle holds every domain, compiled, and nothing else of ours."""

import zipfile
from pathlib import Path

import pytest

from infra.package import RUNTIME_PROVIDED, chalice, stage

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = sorted(p.name for p in (ROOT / "functions").iterdir() if (p / "__init__.py").exists())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    work = tmp_path_factory.mktemp("package")
    staging = stage(work / "app")
    chalice(staging, "package", "--stage", "dev", str(work / "out"))
    with zipfile.ZipFile(work / "out" / "deployment.zip") as archive:
        return archive.namelist()


def test_every_domain_package_is_in_the_zip(bundle: list[str]) -> None:
    assert {"auth", "orders", "payments", "tickets", "documents", "notifications", "bookings", "portal", "core"} <= set(
        DOMAINS
    )
    for domain in DOMAINS:
        assert f"functions/{domain}/__init__.py" in bundle, domain
    assert "app.py" in bundle


def test_modules_ship_with_compiled_bytecode(bundle: list[str]) -> None:
    assert "functions/core/__pycache__/http.cpython-311.pyc" in bundle
    assert any(name.startswith("pydantic/__pycache__/") for name in bundle)


def test_no_tests_local_stack_or_runtime_provided_libraries(bundle: list[str]) -> None:
    top_level = {name.split("/", 1)[0] for name in bundle}
    assert not top_level & {"tests", "local", "infra", "web", "bench"}
    assert not any(name.startswith(RUNTIME_PROVIDED) for name in bundle)


def test_data_files_ship_with_the_code(bundle: list[str]) -> None:
    """What is read from disk at run time: the notification texts, and the time zones bookings
    convert opening hours with (tzdata: the Lambda image does not promise /usr/share/zoneinfo)."""
    assert "functions/notifications/messages/fi.json" in bundle
    assert "tzdata/zoneinfo/Europe/Helsinki" in bundle
