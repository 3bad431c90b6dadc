"""Build each domain app's Lambda bundle: what `chalice deploy` uploads, with bytecode inside.

Every domain (functions/<domain>/app.py) is its own Chalice app, so its own bundle: staged in
build/stage/<domain>/ as Chalice wants a project (app.py, .chalice/, vendor/), holding core,
the domain itself and only the other domains' modules its code imports (found by reading its
imports, the ones inside functions too), and only the libraries they import (the Stripe SDK,
6.7 MB, goes with payments alone).

Chalice zips only app.py, chalicelib/ and vendor/, and never ships .pyc files; Lambda's code
directory is read-only, so every cold start would recompile every module (2-3x slower). So
the dependencies are installed for Lambda's platform (once, into build/vendor/, reused while
requirements.txt is unchanged), linked into each bundle's vendor/ beside a copy of the functions package,
compiled to hash-based .pyc (valid whatever the file times in the zip), and an empty
requirements.txt keeps Chalice from adding anything of its own.

Each function gets its own role and policy (infra/policies): staged as templates, filled with
the stage's resources by the deploy (`stage(..., policy_values=...)`, then `chalice deploy`),
or, in `chalice package`'s template, left to CloudFormation: the template takes the stack's
outputs as parameters.

Run: python -m infra.package build/package   (build/package/<domain>/deployment.zip and
sam.json, `chalice package`'s template, for every domain)
"""

import argparse
import ast
import compileall
import fcntl
import hashlib
import json
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from infra import policies

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = ROOT / "functions"
BUILD = ROOT / "build"
LAMBDA_TASK_ROOT = "/var/task"  # where Lambda unzips a function's code
# Raised when build/vendor/ must be made again for the same requirements (2: .pyc naming /var/task).
VENDOR_LAYOUT = 2
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
# A library that only some domains import: shipped to those alone (with what it needs).
OPTIONAL_LIBRARIES = {
    "stripe": ("stripe",),
    "fpdf": ("fpdf", "fpdf2", "fontTools", "fonttools", "defusedxml"),
    # fpdf2 depends on Pillow but imports it only to place images, and printouts have none:
    # no domain imports PIL itself, so its 8.5 MB (zipped) go nowhere.
    "PIL": ("PIL", "pillow", "pillow.libs"),
    "markdown_it": ("markdown_it", "markdown_it_py", "mdurl"),
}


def domains() -> list[str]:
    """Every domain with an app of its own (core builds them; it is in every bundle)."""
    return sorted(p.parent.name for p in FUNCTIONS.glob("*/app.py") if p.parent.name != "core")


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _module_file(module: str) -> Path | None:
    relative = Path(*module.split("."))
    for candidate in (ROOT / relative.with_suffix(".py"), ROOT / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def closure(domain: str) -> tuple[set[str], set[str]]:
    """(the functions packages, the other top-level libraries) the domain's app reaches."""
    modules, libraries = reached(domain)
    return {module.split(".")[1] for module in modules}, libraries


def reached(domain: str) -> tuple[set[str], set[str]]:
    """(the functions modules, the other top-level libraries) the domain's app reaches."""
    todo, seen, libraries = [f"functions.{domain}.app"], set(), set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        source = _module_file(module)
        if source is None:
            continue
        for imported in _imports(source):
            if imported.startswith("functions."):
                todo.append(imported)
            else:
                libraries.add(imported.split(".", 1)[0])
    modules = {m for m in seen if m.startswith("functions.") and m.count(".") >= 1 and _module_file(m)}
    return {m for m in modules if m != "functions"}, libraries


_SOCKET_DECORATORS = {"on_ws_connect", "on_ws_message", "on_ws_disconnect"}


def socket_handlers(domain: str) -> list[str]:
    """The functions of the domain's app.py that its app registers as WebSocket handlers
    (`@app.on_ws_connect()` and the like), read from the source: staging imports no app."""
    tree = ast.parse((FUNCTIONS / domain / "app.py").read_text(encoding="utf-8"))
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(
            isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in _SOCKET_DECORATORS
            for d in node.decorator_list
        )
    ]


def _copy_package(package: str, modules: set[str], target: Path, whole: bool) -> None:
    """A functions package into the bundle: whole (core, the app's own domain), or only the
    modules of it the app reaches, with its __init__ and its data files (another domain's)."""
    source = FUNCTIONS / package
    if whole:
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        return
    wanted = {f"{module.split('.', 2)[2]}.py" for module in modules if module.count(".") == 2}
    shutil.copytree(
        source,
        target,
        ignore=lambda folder, names: [
            name
            for name in names
            if name == "__pycache__"
            or (Path(folder) == source and name.endswith(".py") and name not in {"__init__.py", *wanted})
        ],
    )


def _link_or_copy(source: str, target: str) -> None:
    """A dependency's file into a staged bundle: hard-linked to the one installed copy, which
    nothing in a bundle writes to (Chalice only reads and zips it), or copied where the staging
    folder is on another file system. Copying ~35 MB per app (115 for payments) had been the
    largest part of a deploy: 60 of the rehearsal's 210 s."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()[:16]


def installed_dependencies(cache: Path = BUILD / "vendor") -> Path:
    """requirements.txt for Lambda's platform, installed once per version of the file (one
    process at a time: parallel test workers and a deploy may all ask for it first)."""
    marker = cache / f".requirements-{_requirements_digest()}-{sys.implementation.cache_tag}-{VENDOR_LAYOUT}"
    if marker.exists():
        return cache
    cache.parent.mkdir(parents=True, exist_ok=True)
    with (cache.parent / f".{cache.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            _install(cache, marker)
    return cache


def _install(cache: Path, marker: Path) -> None:
    if cache.exists():
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-compile",
            "--target",
            str(cache),
            *LAMBDA_PLATFORM,
            "--only-binary=:all:",
            "-r",
            str(ROOT / "requirements.txt"),
        ],
        check=True,
    )
    for name in RUNTIME_PROVIDED:
        for path in cache.glob(f"{name}*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for pycache in cache.rglob("__pycache__"):
        shutil.rmtree(pycache)
    # Compiled once here rather than in every bundle: each bundle copies the bytecode with
    # the sources, and compiles only the portal's own modules (stage()).
    _compile(cache, LAMBDA_TASK_ROOT)
    marker.touch()


def _compile(folder: Path, shipped_as: str) -> None:
    """Hash-based .pyc beside every module: valid whatever the file times in the zip. Each names
    its source where Lambda will find it (shipped_as), not in this staging folder: so tracebacks
    name /var/task/..., and the same code makes the same bytes wherever it was staged, which
    lets a deploy find the zip it made before (deployment_package)."""
    mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
    if not compileall.compile_dir(str(folder), ddir=shipped_as, quiet=1, invalidation_mode=mode, workers=0):
        raise RuntimeError(f"some modules in {folder} did not compile")


def _chalice_config(domain: str, policy_files: Mapping[str, str]) -> dict[str, Any]:
    """The shared .chalice/config.json, as this domain's app: its name, and each function's own
    policy file. None is the app's: a function without one of its own fails `chalice deploy`
    (Chalice looks for policy-<stage>.json), it does not get another function's rights."""
    config: dict[str, Any] = json.loads((ROOT / ".chalice" / "config.json").read_text())
    config["app_name"] = f"portal-{domain}"
    config.pop("iam_policy_file", None)
    # The shared file's per-function settings (a longer timeout) for this app's functions only.
    shared = config.get("lambda_functions", {})
    config["lambda_functions"] = {
        function: {**shared.get(function, {}), "iam_policy_file": file_name}
        for function, file_name in policy_files.items()
    }
    return config


def write_policies(staging: Path, domain: str, values: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each function's policy into the staged .chalice/: filled with the stage's values for
    `chalice deploy`, or with its placeholders kept for `chalice package` (see
    parameterize_policies). Returns function name -> file name."""
    written = {}
    for function, template in policies.templates(domain).items():
        filled = policies.fill(policies.load(template), values)
        file_name = f"policy-{function}.json"
        (staging / ".chalice" / file_name).write_text(json.dumps(filled, indent=2))
        written[function] = file_name
    return written


def parameterize_policies(template_path: Path) -> list[str]:
    """`chalice package` copies each role's policy as staged, placeholders and all: make each
    one CloudFormation's (Fn::Sub) and the stack outputs it names parameters of the template.
    Returns the parameters added.

    (The logs statements name the functions as `chalice deploy` does; this template leaves
    CloudFormation to name them, so it is for reading and measuring, the deploy is Chalice's.)"""
    template = json.loads(template_path.read_text())
    own = _own_websocket_api(template["Resources"])
    names: set[str] = set()
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        for policy in resource["Properties"].get("Policies", []):
            document = policies.substitute(policy["PolicyDocument"], own)
            policy["PolicyDocument"], named = policies.as_cloudformation(document)
            names |= named
    names -= set(template["Resources"])  # Fn::Sub names a resource of the template by its Ref
    parameters = template.setdefault("Parameters", {})
    for name in sorted(names):
        about = "dev or prod" if name == "Stage" else "the stateful stack's output (infra/stateful.yaml)"
        parameters[name] = {"Type": "String", "Description": about}
    template_path.write_text(json.dumps(template, indent=2))
    return sorted(names)


def _own_websocket_api(resources: Mapping[str, Any]) -> dict[str, str]:
    """In `chalice package`'s template the app's WebSocket API is one of its resources: the live
    functions' policies name it by its Ref (`${WebsocketAPI}`) and its stage by its name."""
    apis = [name for name, resource in resources.items() if resource["Type"] == "AWS::ApiGatewayV2::Api"]
    stages = [r["Properties"]["StageName"] for r in resources.values() if r["Type"] == "AWS::ApiGatewayV2::Stage"]
    if not apis:
        return {}
    if len(apis) != 1 or len(stages) != 1:
        raise ValueError(f"one WebSocket API with one stage expected, the template has {apis} and stages {stages}")
    return {"LiveApiId": f"${{{apis[0]}}}", "LiveApiStage": stages[0]}


def stage(
    domain: str,
    staging: Path | None = None,
    *,
    compile_bytecode: bool = True,
    policy_values: Mapping[str, str] | None = None,
) -> Path:
    """Lay out one domain app as Chalice should see it; return the staging folder.

    policy_values: this stage's resources (infra.outputs.policy_values), for `chalice deploy`;
    without them the policies keep their placeholders, for `chalice package`."""
    staging = staging or BUILD / "stage" / domain
    if staging.exists():
        shutil.rmtree(staging)
    vendor = staging / "vendor"
    (staging / ".chalice").mkdir(parents=True)
    modules, libraries = reached(domain)
    packages = {module.split(".")[1] for module in modules}
    skipped = {name for library, names in OPTIONAL_LIBRARIES.items() if library not in libraries for name in names}
    dependencies = installed_dependencies()
    shutil.copytree(
        dependencies,
        vendor,
        copy_function=_link_or_copy,
        ignore=lambda folder, names: (
            (
                [n for n in names if n.startswith(".requirements") or n.split("-")[0] in skipped]
                if Path(folder) == dependencies
                else []
            )
            + ([] if compile_bytecode else [n for n in names if n == "__pycache__"])
        ),
    )
    (vendor / "functions").mkdir()
    shutil.copy2(FUNCTIONS / "__init__.py", vendor / "functions" / "__init__.py")
    for package in sorted(packages):
        in_package = {module for module in modules if module.split(".")[1] == package}
        _copy_package(package, in_package, vendor / "functions" / package, whole=package in ("core", domain))
    # Lambda finds a WebSocket handler as app.<its name> (Chalice's handler string), beside the app.
    exported = ["app", *socket_handlers(domain)]
    (staging / "app.py").write_text(
        f'"""The {domain} app (Chalice reads its routes and functions from here)."""\n\n'
        f"from functions.{domain}.app import {', '.join(exported)}\n\n__all__ = {json.dumps(exported)}\n"
    )
    policy_files = write_policies(staging, domain, policy_values)
    (staging / ".chalice" / "config.json").write_text(json.dumps(_chalice_config(domain, policy_files), indent=2))
    (staging / "requirements.txt").write_text("# dependencies are pre-installed in vendor/\n")
    if compile_bytecode:
        _compile(vendor / "functions", f"{LAMBDA_TASK_ROOT}/functions")
    return staging


@contextmanager
def staging_folder(domain: str) -> Iterator[Path]:
    """A folder of its own for one run's staging of a domain (a deploy's record comes from S3,
    not from a folder), beside build/vendor/: on the same file system, so that staging links
    the dependencies rather than copying them (a /tmp on tmpfs would not take the links)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".staging-{domain}-", dir=BUILD) as folder:
        yield Path(folder) / domain


def chalice(staging: Path, *args: str) -> None:
    """Run the Chalice CLI in the staged bundle (packaging needs a region, any region)."""
    env = {"AWS_DEFAULT_REGION": "us-east-1", **os.environ}
    subprocess.run([str(Path(sys.executable).parent / "chalice"), *args], cwd=staging, check=True, env=env)


def compile_what_chalice_added(archive_path: Path) -> list[str]:
    """Chalice zips app.py and its own runtime (chalice/app.py) itself, as source: add their
    bytecode to the zip, compiled from the very files it holds. Returns the names added."""
    added = []
    with tempfile.TemporaryDirectory() as work, zipfile.ZipFile(archive_path, "a") as archive:
        names = set(archive.namelist())
        for name in sorted(names):
            folder, _, file_name = name.rpartition("/")
            if not file_name.endswith(".py"):
                continue
            compiled = (
                f"{folder + '/' if folder else ''}__pycache__/{file_name[:-3]}.{sys.implementation.cache_tag}.pyc"
            )
            if compiled in names:
                continue
            source = Path(work) / name
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_bytes(archive.read(name))
            target = Path(work) / compiled
            mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
            py_compile.compile(str(source), cfile=str(target), dfile=name, invalidation_mode=mode, doraise=True)
            archive.write(target, compiled)
            added.append(compiled)
    return added


def _bundle_digest(staging: Path) -> str:
    """What a staged bundle holds, each file by its path and its bytes, and how this module
    zips it: Chalice's own digest hashes the files' bytes alone, so a data file renamed or
    moved would not change it."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    files = [staging / "app.py", staging / "requirements.txt", *sorted((staging / "vendor").rglob("*"))]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(staging)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def deployment_package(staging: Path, domain: str, cache: Path = BUILD / "deployments") -> Path:
    """The zip `chalice deploy` will upload, made before it runs, with the bytecode of what
    Chalice adds (compile_what_chalice_added, as `make package` does): Chalice names its zip by a
    digest of what goes in it and uploads one it finds under .chalice/deployments/ by that name
    instead of making its own. Kept in build/deployments/<domain>/ under a digest of the bundle's
    paths and bytes (_bundle_digest), so a deploy whose code has not changed (a redeploy with a
    setting changed, a second stage) zips nothing; the newest zip alone is kept. One process at
    a time per domain. Returns the path Chalice will look at."""
    from chalice.deploy.packager import DependencyBuilder, LambdaDeploymentPackager
    from chalice.utils import UI, OSUtils

    osutils = OSUtils()
    # requirements.txt is empty (the dependencies are in vendor/): the builder installs nothing.
    builder = DependencyBuilder(osutils)
    packager = LambdaDeploymentPackager(osutils=osutils, dependency_builder=builder, ui=UI(), architecture="x86_64")
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"  # Chalice's lambda_python_version here
    expected = Path(packager.deployment_package_filename(str(staging), python))
    folder = cache / domain
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / f"{_bundle_digest(staging)}.zip"
    with (folder / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if kept.exists():
            expected.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(str(kept), str(expected))
            return expected
        made = Path(packager.create_deployment_package(str(staging), python))
        compile_what_chalice_added(made)
        for older in folder.glob("*.zip"):
            older.unlink(missing_ok=True)
        partial = kept.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _link_or_copy(str(made), str(partial))
        partial.replace(kept)  # whole or not at all: a deploy cut short leaves no half zip to reuse
        return made


def package(domain: str, out: Path, stage_name: str = "dev", *, compile_bytecode: bool = True) -> Path:
    """Stage the domain and write its zip and template to out/<domain>/; return that folder."""
    staging = stage(domain, compile_bytecode=compile_bytecode)
    target = out.resolve() / domain
    if target.exists():
        shutil.rmtree(target)
    chalice(staging, "package", "--stage", stage_name, str(target))
    parameterize_policies(target / "sam.json")
    if compile_bytecode:
        compile_what_chalice_added(target / "deployment.zip")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--domain", action="append", help="only these (default: every domain)")
    parser.add_argument("--no-bytecode", action="store_true", help="for the benchmark's comparison")
    args = parser.parse_args()
    for domain in args.domain or domains():
        target = package(domain, args.out, args.stage, compile_bytecode=not args.no_bytecode)
        print(f"{target / 'deployment.zip'}: {(target / 'deployment.zip').stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
