"""kgbuild installed from its wheel, not from the checkout: the package data ships and is found.

The test builds and installs the package non-editable into a FRESH virtual environment and runs
the installed ``kgbuild`` from another directory, so nothing can come from the repository by
accident. It stays offline and fast: the fresh environment has no pip and no dependencies of its
own; a ``.pth`` file puts the running environment's site-packages (``.venv``, made by
``make test``) on its path, and that environment's pip and setuptools build and install kgbuild
without build isolation and without dependencies. A plain path line in a ``.pth`` file does not
run the ``.pth`` files of that folder, so the editable install of ``.venv`` stays out of the way.

Marked ``packaging``: ``pytest -m 'not packaging'`` leaves it out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pyoxigraph
import pytest

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "kgbuild", "ontologies")
"""What a wheel is built from (the rest of the repository stays out of the copy)."""
SEED_ENTITIES = ("Tinzaouaten", "Kidal", "Mali", "Wagner Group", "CSP-DPA", "Malian Armed Forces")
SETUPTOOLS_MINIMUM = (77, 0)
"""pyproject.toml's [build-system] requirement (an SPDX license string needs setuptools 77)."""


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".")[:2] if part.isdigit())


def _require_build_tools() -> None:
    """Skip, with the fix, when the running environment cannot build a wheel offline."""
    try:
        setuptools_version = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        pytest.skip("setuptools is not installed in this environment (make install puts the pinned one in .venv)")
    if _version_tuple(setuptools_version) < SETUPTOOLS_MINIMUM:
        pytest.skip(
            f"setuptools {setuptools_version} is older than pyproject.toml's build requirement "
            "(make install puts the pinned setuptools of requirements.lock in .venv)"
        )


def _clean_env() -> dict[str, str]:
    """The environment for the installed kgbuild: no PYTHONPATH (it would put the checkout first),
    and pip held offline."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1")
    return env


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def fresh_kgbuild(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with kgbuild installed from its wheel; returns its bin/ folder."""
    _require_build_tools()
    root = tmp_path_factory.mktemp("packaging")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            # symlinks=True: kgbuild/ontologies stays a link to ../ontologies, as in the repository
            shutil.copytree(path, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)

    fresh = root / "fresh"
    _run(sys.executable, "-m", "venv", "--without-pip", fresh)
    python = fresh / "bin" / "python"
    site_packages = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    ours = sysconfig.get_paths()
    (site_packages / "kgbuild-test-dependencies.pth").write_text(
        "".join(f"{p}\n" for p in dict.fromkeys((ours["purelib"], ours["platlib"]))), encoding="utf-8"
    )
    # --ignore-installed: the kgbuild of .venv (editable) is seen on the path; leave it alone.
    _run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--ignore-installed", source)
    return fresh / "bin"


@pytest.fixture(scope="module")
def installed_build(fresh_kgbuild: Path, corpus_article: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kgbuild build SEED`` by the installed script, run from a directory outside the repository."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    _run(fresh_kgbuild / "kgbuild", "build", corpus_article, "-o", "out", "--no-html", cwd=elsewhere)
    return elsewhere / "out" / "graph.ttl"


def test_the_installed_package_is_not_the_checkout(fresh_kgbuild: Path) -> None:
    probe = "import kgbuild, kgbuild.config as c; print(kgbuild.__file__); print(c.ONTOLOGIES_DIR)"
    module, ontologies = _run(fresh_kgbuild / "python", "-c", probe, cwd=fresh_kgbuild).stdout.split()
    fresh = fresh_kgbuild.parent
    assert Path(module).is_relative_to(fresh), module
    assert Path(ontologies).is_relative_to(fresh), ontologies
    shipped = {p.name for p in Path(ontologies).iterdir()}
    assert {"kgbuild.ttl", "shapes.ttl", "registry.ttl", "countries.tsv", "lexicon.json", "queries"} <= shipped


def test_installed_kgbuild_builds_the_seed(installed_build: Path) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(installed_build), format=pyoxigraph.RdfFormat.TURTLE)
    labels = {
        row["label"].value
        for row in store.query("SELECT ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    }
    missing = [name for name in SEED_ENTITIES if name not in labels]
    assert not missing, f"the installed kgbuild's graph lacks {missing}"


def test_installed_kgbuild_runs_a_canned_query(fresh_kgbuild: Path, installed_build: Path) -> None:
    result = _run(fresh_kgbuild / "kgbuild", "query", installed_build, "--name", "entities-by-class", "--format", "csv")
    assert "Tinzaouaten" in result.stdout


def test_installed_kgbuild_validates_the_seed(fresh_kgbuild: Path, installed_build: Path) -> None:
    _run(fresh_kgbuild / "kgbuild", "validate", installed_build)
