#!/usr/bin/env python3
"""Newcomer entry point. `python3 dev.py run` starts briefbot; `python3 dev.py test` runs the tests.

Does all set-up itself (stdlib only): creates .venv beside this file if missing, and runs
`pip install -e ".[test]"` when the venv is new or pyproject.toml changed since the last install.
Extra arguments are passed through (`python3 dev.py test -k render`, `python3 dev.py run --db URL`).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".briefbot-install-hash"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
NO_TESTS_RAN = 5  # pytest's exit code when it collected nothing
USAGE = "usage: python3 dev.py run [briefbot run options] | python3 dev.py test [pytest options]"


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def die(message: str, code: int = 2) -> None:
    print(f"dev.py: {message}", file=sys.stderr, flush=True)
    raise SystemExit(code)


def install_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def create_venv() -> None:
    if VENV.exists() and not PYTHON.exists():
        say(f"{VENV} looks incomplete; recreating it …")
        shutil.rmtree(VENV)
    say(f"Creating virtual environment in {VENV.name} …")
    result = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
    if result.returncode != 0 or not PYTHON.exists():
        shutil.rmtree(VENV, ignore_errors=True)
        die("could not create the virtual environment. On Debian/Ubuntu install the venv module first: "
            "sudo apt install python3-venv")


def ensure_env() -> None:
    """Make .venv current: created if missing, reinstalled when pyproject.toml changed."""
    if sys.version_info < (3, 11):
        die(f"briefbot needs Python 3.11 or newer; this is {sys.version.split()[0]}. Run dev.py with python3.11.")
    if not PYTHON.exists():
        create_venv()
    wanted = install_hash()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    say('Installing briefbot and its test tools into .venv (pip install -e ".[test]"); the first time takes a minute or two …')
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    if subprocess.run([*pip, "-e", ".[test]"], cwd=ROOT).returncode != 0:
        die('pip install failed (see above). Fix the cause and run this command again; it resumes from here.', 1)
    STAMP.write_text(wanted + "\n")
    say("Environment ready.")


def call(command: list[str]) -> int:
    """Run a child to its end. Ctrl-C reaches the child too; we wait for it to finish on its own."""
    proc = subprocess.Popen(command, cwd=ROOT)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            continue


def run(args: list[str]) -> int:
    say("Starting briefbot run …")
    return call([str(BIN / ("briefbot.exe" if os.name == "nt" else "briefbot")), "run", *args])


def test(args: list[str]) -> int:
    say("Running the tests (python -m pytest) …")
    code = call([str(PYTHON), "-m", "pytest", *args])
    if code == NO_TESTS_RAN:
        say("pytest collected no tests; counting that as a failure.")
        return 1
    return code


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(USAGE, file=sys.stderr)
        return 2
    ensure_env()
    return run(argv[1:]) if argv[0] == "run" else test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
