"""The set-up of `make run` / `make test` on a stock Debian/Ubuntu Python (PEP 668 "externally
managed": pip refuses to install into it), run in a copy of the project.

Needs Debian's /usr/bin/python3 with python3-venv (`.ci/run` installs it) and PyPI access; the
first set-up installs everything (~20-30 s), the rest reuses it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = Path("/usr/bin/python3")
INSTALL_TIMEOUT = 900


@dataclass
class Setup:
    root: Path
    run: subprocess.CompletedProcess[str]
    imported: subprocess.CompletedProcess[str]


def copy_project(dest: Path) -> Path:
    """The project's files (tracked and untracked-but-not-ignored), as in a fresh checkout."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, names.split("\0")):
        src = ROOT / name
        if src.is_file():  # a tracked file deleted in the working tree is left out
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)  # keeps the mode (scripts) and the mtime
    return dest.resolve()


def clean_env(**extra: str) -> dict[str, str]:
    """os.environ without the virtual environment this test runs in (`make test` made it)."""
    outer = [Path(sys.prefix)] if sys.prefix != sys.base_prefix else []
    if os.environ.get("VIRTUAL_ENV"):
        outer.append(Path(os.environ["VIRTUAL_ENV"]))
    drop = {"VIRTUAL_ENV", "PYTHON", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PATH"] = os.pathsep.join(
        entry
        for entry in env.get("PATH", "").split(os.pathsep)
        if entry and not any(Path(entry).resolve().is_relative_to(v.resolve()) for v in outer)
    )
    env.update(extra)
    return env


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT
    )


def import_check(python: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Imports the app and Flask-SocketIO with `python`, from outside the project directory."""
    code = "import chat, flask_socketio, sys; print(chat.__file__); print(sys.prefix)"
    return run([str(python), "-c", code], cwd=cwd, env=clean_env())


@pytest.fixture(scope="module")
def first_setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    assert SYSTEM_PYTHON.exists(), f"{SYSTEM_PYTHON} missing: apt-get install python3 python3-venv"
    stdlib = run(
        [str(SYSTEM_PYTHON), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
        cwd=ROOT,
        env=clean_env(),
    ).stdout.strip()
    marker = Path(stdlib) / "EXTERNALLY-MANAGED"
    assert marker.is_file(), f"{SYSTEM_PYTHON} is not PEP 668-marked ({marker} missing)"

    root = copy_project(tmp_path_factory.mktemp("fresh") / "checkout")
    assert not (root / ".venv").exists()
    result = run(["make", "install", f"PYTHON={SYSTEM_PYTHON}"], cwd=root, env=clean_env())
    imported = import_check(root / ".venv" / "bin" / "python", cwd=root.parent)
    return Setup(root, result, imported)


def test_setup_makes_a_venv_in_the_project_on_an_externally_managed_python(
    first_setup: Setup,
) -> None:
    assert first_setup.run.returncode == 0, first_setup.run.stdout + first_setup.run.stderr
    assert "externally-managed-environment" not in first_setup.run.stderr
    venv = first_setup.root / ".venv"
    assert (venv / "pyvenv.cfg").is_file()
    assert first_setup.imported.returncode == 0, first_setup.imported.stderr
    chat_file, prefix = first_setup.imported.stdout.splitlines()[-2:]
    assert Path(chat_file) == first_setup.root / "chat" / "__init__.py"  # editable, this checkout
    assert Path(prefix) == venv


def test_a_second_setup_reuses_the_venv_without_installing(first_setup: Setup) -> None:
    venv = first_setup.root / ".venv"
    (venv / "kept").touch()  # gone if the venv were made again
    env = clean_env(PYTHON=str(SYSTEM_PYTHON))

    started = time.monotonic()
    again = run(["scripts/venv.sh"], cwd=first_setup.root, env=env)
    elapsed = time.monotonic() - started

    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == str(venv / "bin" / "python")
    assert again.stderr == ""  # neither "creating" nor "installing"
    assert (venv / "kept").exists()
    assert elapsed < 5, f"second set-up took {elapsed:.1f} s"

    # A changed pyproject.toml (new dependency) installs again, into the same venv.
    os.utime(first_setup.root / "pyproject.toml")
    changed = run(["scripts/venv.sh"], cwd=first_setup.root, env=env)
    assert changed.returncode == 0, changed.stderr
    assert "installing the project" in changed.stderr
    assert "creating" not in changed.stderr
    assert (venv / "kept").exists()


def test_an_active_venv_is_used_and_no_project_venv_is_made(
    first_setup: Setup, tmp_path: Path
) -> None:
    # Runs last: it installs the other checkout into the first one's venv.
    active = first_setup.root / ".venv"
    other = copy_project(tmp_path / "other")

    result = run(
        ["scripts/venv.sh"],
        cwd=other,
        env=clean_env(VIRTUAL_ENV=str(active), PYTHON=str(SYSTEM_PYTHON)),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == str(active / "bin" / "python")
    assert "creating" not in result.stderr
    assert not (other / ".venv").exists()
    imported = import_check(active / "bin" / "python", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert Path(imported.stdout.splitlines()[-2]) == other / "chat" / "__init__.py"
