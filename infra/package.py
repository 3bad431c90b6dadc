"""Build the Lambda bundle: what `chalice deploy` uploads, with compiled bytecode inside.

Chalice zips only app.py, chalicelib/ and vendor/, and never ships .pyc files; Lambda's code
directory is read-only, so every cold start would recompile every module (2-3x slower).
So we stage the project in build/: the dependencies installed for Lambda's platform into
vendor/, the functions package copied (not linked) beside them, everything compiled to
hash-based .pyc (valid whatever the file times in the zip), and an empty requirements.txt
so Chalice adds nothing of its own. `chalice package` and `chalice deploy` then run there.

Run: python -m infra.package build/package   (writes build/app/ and the zip)
"""

import argparse
import compileall
import os
import py_compile
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGING = ROOT / "build" / "app"
LAMBDA_PLATFORM = ["--platform", "manylinux2014_x86_64", "--implementation", "cp", "--python-version", "3.11"]
# Shipped by the Lambda Python runtime itself; bundling them only makes the zip bigger.
RUNTIME_PROVIDED = (
    "boto3",
    "botocore",
    "s3transfer",
    "jmespath",
    "urllib3",
    "dateutil",
    "six.py",
    "python_dateutil",
    "six-",
)


def stage(staging: Path = STAGING, *, compile_bytecode: bool = True) -> Path:
    """Lay out the project as Chalice should see it; return the staging folder."""
    if staging.exists():
        shutil.rmtree(staging)
    vendor = staging / "vendor"
    vendor.mkdir(parents=True)
    shutil.copy2(ROOT / "app.py", staging / "app.py")
    shutil.copytree(ROOT / ".chalice", staging / ".chalice", ignore=shutil.ignore_patterns("deployments", "venv"))
    shutil.copytree(ROOT / "functions", vendor / "functions", ignore=shutil.ignore_patterns("__pycache__"))
    (staging / "requirements.txt").write_text("# dependencies are pre-installed in vendor/\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-compile",
            "--target",
            str(vendor),
            *LAMBDA_PLATFORM,
            "--only-binary=:all:",
            "-r",
            str(ROOT / "requirements.txt"),
        ],
        check=True,
    )
    for name in RUNTIME_PROVIDED:
        for path in vendor.glob(f"{name}*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for cache in vendor.rglob("__pycache__"):
        shutil.rmtree(cache)
    if compile_bytecode:
        mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
        if not compileall.compile_dir(str(vendor), quiet=1, invalidation_mode=mode, workers=0):
            raise RuntimeError("some modules did not compile")
    return staging


def chalice(staging: Path, *args: str) -> None:
    """Run the Chalice CLI in the staged bundle (packaging needs a region, any region)."""
    env = {"AWS_DEFAULT_REGION": "us-east-1", **os.environ}
    subprocess.run([str(Path(sys.executable).parent / "chalice"), *args], cwd=staging, check=True, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--no-bytecode", action="store_true", help="for the benchmark's comparison")
    args = parser.parse_args()
    staging = stage(compile_bytecode=not args.no_bytecode)
    chalice(staging, "package", "--stage", args.stage, str(args.out.resolve()))
    print(f"{args.out / 'deployment.zip'}: {(args.out / 'deployment.zip').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
