#!/usr/bin/env python3
"""Newcomer entry point. `python3 dev.py run` starts briefbot; `python3 dev.py test` runs the tests.

Does all set-up itself (stdlib only): creates .venv beside this file if missing, and runs
`pip install -e ".[test]"` when the venv is new or pyproject.toml changed since the last install.
Extra arguments are passed through (`python3 dev.py test -k render`, `python3 dev.py run --db URL`).
Tests run on every core (pytest-xdist `-n auto`) unless you pass `-n`; the world gazetteer index is built first.

`test` runs the suite twice: on SQLite, then on a throwaway PostgreSQL server that it starts on a free
loopback port (installing the server with apt-get when it is missing and we are root) and removes
afterwards. `--sqlite-only` skips the second run; BRIEFBOT_TEST_DATABASE_URL points it at your own server.
In CI (CI=true) a PostgreSQL run that cannot happen is a failure, never a silent skip.
"""
from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".briefbot-install-hash"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
NO_TESTS_RAN = 5  # pytest's exit code when it collected nothing
USAGE = "usage: python3 dev.py run [briefbot run options] | python3 dev.py test [--sqlite-only] [pytest options]"


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


def call(command: list[str], env: dict[str, str] | None = None) -> int:
    """Run a child to its end. Ctrl-C reaches the child too; we wait for it to finish on its own."""
    proc = subprocess.Popen(command, cwd=ROOT, env=env)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            continue


def run(args: list[str]) -> int:
    say("Starting briefbot run …")
    return call([str(BIN / ("briefbot.exe" if os.name == "nt" else "briefbot")), "run", *args])


def pytest(args: list[str], label: str, env: dict[str, str] | None = None) -> int:
    say(f"Running the tests on {label} (python -m pytest) …")
    code = call([str(PYTHON), "-m", "pytest", *args], env=env)
    if code == NO_TESTS_RAN:
        say("pytest collected no tests; counting that as a failure.")
        return 1
    return code


def pg_bin() -> Path | None:
    """The newest PostgreSQL server binaries on this machine (Debian layout or PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def install_postgres() -> Path | None:
    if os.name == "nt" or not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    say("PostgreSQL is not installed; installing it with apt-get (postgresql) for the second test run …")
    quiet = {"stdout": subprocess.DEVNULL}
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, **quiet)
    if subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], env=env, **quiet).returncode != 0:
        return None
    return pg_bin()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL server in a temporary directory on a free loopback port, trust auth; removed afterwards."""
    binaries = pg_bin() or install_postgres()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server binaries (install the 'postgresql' package, or set "
                           "BRIEFBOT_TEST_DATABASE_URL to a server you run)")
    root = Path(tempfile.mkdtemp(prefix="briefbot-pg-"))
    as_postgres: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port, data = free_port(), root / "data"
    quiet = {"stdout": subprocess.DEVNULL}
    try:
        subprocess.run([*as_postgres, str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, **quiet)
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run([*as_postgres, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"),
                        "-w", "-t", "60", "-o", options, "start"], check=True, **quiet)
        say(f"Started a throwaway PostgreSQL ({binaries.parent.name}) on 127.0.0.1:{port}.")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_postgres, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


def prepare_gazetteer() -> int:
    """Build the world gazetteer's index once (about 20 s on a new machine) before the tests need it."""
    say("Making sure the world gazetteer index is built (once per machine, about 20 s) …")
    code = "from briefings.knowledge.world import WorldIndex; WorldIndex.open(progress=lambda m: print('  ' + m))"
    return call([str(PYTHON), "-c", code])


def test(args: list[str]) -> int:
    sqlite_only = "--sqlite-only" in args
    args = [a for a in args if a != "--sqlite-only"]
    if not any(a == "-n" or a.startswith(("-n", "--numprocesses", "-p")) for a in args):
        args = ["-n", "auto", *args]  # pytest-xdist: one worker per core
    if prepare_gazetteer() != 0:
        die("could not build the world gazetteer index (see above).", 1)
    env = {k: v for k, v in os.environ.items() if k != "BRIEFBOT_TEST_DATABASE_URL"}
    code = pytest(args, "SQLite", env)
    if code != 0 or sqlite_only:
        return code
    own = os.environ.get("BRIEFBOT_TEST_DATABASE_URL")
    if own:
        return pytest(args, "PostgreSQL (BRIEFBOT_TEST_DATABASE_URL)", {**env, "BRIEFBOT_TEST_DATABASE_URL": own})
    try:
        with throwaway_postgres() as url:
            return pytest(args, "PostgreSQL", {**env, "BRIEFBOT_TEST_DATABASE_URL": url})
    except (RuntimeError, subprocess.CalledProcessError, OSError) as exc:
        if os.environ.get("CI", "").lower() == "true":
            say(f"the PostgreSQL test run could not start: {exc}")
            return 1
        say(f"skipped the PostgreSQL test run: {exc}. The SQLite run passed.")
        return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(USAGE, file=sys.stderr)
        return 2
    ensure_env()
    return run(argv[1:]) if argv[0] == "run" else test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
