"""The package as `pip install .` makes it: every module and data file of the checkout in the wheel, and the
`hipaa-guide` command working from any folder of a fresh virtual environment, with the data it ships."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kb", "ingest", "app", "evals")
QUESTION = "S3 버킷에 PHI 저장할 때 암호화는?"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip install .` builds, from a copy of the checkout (a build writes into its source folder)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "var", "tests", "__pycache__", "build",
                                                             "*.egg-info", ".*_cache", "out"))
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                          "--quiet", "--wheel-dir", str(tmp / "dist"), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return next((tmp / "dist").glob("hipaa_guide-*.whl"))


def _tracked(*folders: str) -> list[str]:
    """The checkout's files under `folders`, as git knows them (untracked files are no part of the package)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout")
    out = subprocess.run(["git", "ls-files", "-z", "--", *folders], cwd=ROOT, capture_output=True, check=True)
    return [name for name in out.stdout.decode().split("\0") if name]


def test_wheel_holds_every_module_and_data_file(wheel: Path) -> None:
    """Code and data of kb, ingest, app and evals, and data/ as kb/data (where kb.config finds it installed)."""
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {name for name in _tracked(*PACKAGES)}
    wanted |= {"kb/data/" + name.removeprefix("data/") for name in _tracked("data")}
    missing = sorted(wanted - names)
    assert missing == [], "list them in pyproject.toml ([tool.setuptools] packages / package-data)"
    assert "kb/data/services.yaml" in names and "app/.streamlit/config.toml" in names


def test_wheel_declares_the_command_and_dependencies(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    info = next(n.split("/")[0] for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    assert "hipaa-guide = kb.cli:main" in archive.read(f"{info}/entry_points.txt").decode()
    metadata = archive.read(f"{info}/METADATA").decode()
    runtime = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    for requirement in filter(None, runtime):
        assert f"Requires-Dist: {requirement}\n" in metadata
    assert "Requires-Dist: torch==2.13.0\n" in metadata
    assert "Provides-Extra: llm" in metadata and "Provides-Extra: test" in metadata


@pytest.mark.slow
def test_installed_command_ingests_and_answers_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    """A fresh virtual environment with only the wheel installed (its dependencies borrowed from this one
    through a .pth file, nothing downloaded), run from an unrelated folder: the checkout is not importable."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (purelib / "borrowed_dependencies.pth").write_text("\n".join(paths) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--ignore-installed", "--quiet", str(wheel)], check=True, timeout=300)
    command = venv / "bin" / "hipaa-guide"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIPAA_GUIDE_") and k != "PYTHONPATH"}
    env |= {"XDG_DATA_HOME": str(tmp_path / "xdg"), "HIPAA_GUIDE_PROGRESS": "false"}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(command), *args], cwd=elsewhere, env=env | extra, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    assert run("--help").stdout.startswith("usage: hipaa-guide")
    where = subprocess.run([str(python), "-c", "import kb.config as c; s = c.Settings(); print(c.__file__, s.data_dir, "
                            "s.index_dir, sep='\\n')"], cwd=elsewhere, env=env, capture_output=True, text=True,
                           check=True).stdout.split("\n")
    assert Path(where[0]).is_relative_to(venv) and Path(where[1]) == Path(where[0]).parent / "data"
    assert Path(where[2]) == tmp_path / "xdg" / "hipaa-guide" / "index"  # never inside site-packages
    services = run("services", "--covered", "--json")  # the catalog shipped inside the package
    assert any(s["id"] == "s3" for s in json.loads(services.stdout))
    # The tiny corpus keeps the build short; topics, wording and rules still come from the shipped data.
    run("ingest", HIPAA_GUIDE_DATA_DIR=str(ROOT / "tests" / "data"))
    assert (tmp_path / "xdg" / "hipaa-guide" / "index" / "manifest.json").is_file()
    answer = json.loads(run("ask", "--json", QUESTION, HIPAA_GUIDE_DATA_DIR=str(ROOT / "tests" / "data")).stdout)
    assert not answer["abstained"] and answer["citations"]
