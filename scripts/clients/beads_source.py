"""What the Python client harnesses share: where our bd is, where beads' source comes from, the work folder, and
stopping the hosts they started. The harnesses take beads' source as a git repository (a checkout or a bare git dir)
plus a revision rather than as unpacked files, so that a measurement always names the exact beads commit it used."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_BIN = os.path.join(REPO, "artifacts", "bin")


class CannotRun(Exception):
    """The harness could not measure anything; its message says why."""


def bd_path(bin_dir: str) -> str:
    bd = os.path.join(os.path.abspath(bin_dir), "bd")
    if not os.access(bd, os.X_OK):
        raise CannotRun(f"no bd in {bin_dir} (build it with scripts/publish.sh, or pass --bin)")
    return bd


def git_dir(source: str) -> str:
    """The git dir of a bare repository, a .git dir, or the top of a checkout (not a folder inside one, which would
    silently name the repository around it)."""
    p = subprocess.run(["git", "--git-dir", source, "rev-parse", "--absolute-git-dir"], capture_output=True, text=True)
    if p.returncode == 0:
        return p.stdout.strip()
    top = subprocess.run(["git", "-C", source, "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if top.returncode == 0 and os.path.realpath(top.stdout.strip()) == os.path.realpath(source):
        return subprocess.run(["git", "-C", source, "rev-parse", "--absolute-git-dir"], capture_output=True,
                              text=True, check=True).stdout.strip()
    raise CannotRun(f"{source} is not a git checkout or git dir")


def extract(source: str, rev: str, path: str, dest: str) -> str:
    """Unpacks `path` of beads at `rev` into dest (keeping the path); returns the commit's short hash."""
    gd = git_dir(source)
    p = subprocess.run(["git", "--git-dir", gd, "rev-parse", "--short", f"{rev}^{{commit}}"], capture_output=True, text=True)
    if p.returncode != 0:
        raise CannotRun(f"revision {rev} not found in {source}")
    commit = p.stdout.strip()
    os.makedirs(dest, exist_ok=True)
    archive = subprocess.Popen(["git", "--git-dir", gd, "archive", commit, path], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    tar = subprocess.run(["tar", "-x", "-C", dest], stdin=archive.stdout, capture_output=True)
    archive.stdout.close()
    err = archive.stderr.read().decode(errors="replace").strip()
    if archive.wait() != 0 or tar.returncode != 0:
        raise CannotRun(f"git archive {rev} {path} failed: {err or tar.stderr.decode(errors='replace').strip()}")
    return commit


@contextlib.contextmanager
def work_folder(given: str | None):
    """The folder given by the caller (which removes it), or a temporary one removed afterwards."""
    if given:
        os.makedirs(given, exist_ok=True)
        yield os.path.abspath(given)
        return
    folder = tempfile.mkdtemp(prefix="beads-client-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def host_env(data_dir: str, socket: str) -> dict[str, str]:
    # A host of its own: our bd keeps one rig per prefix on a host, and the clients' rigs must not meet the user's.
    os.makedirs(data_dir, exist_ok=True)
    os.chmod(data_dir, 0o700)
    os.makedirs(os.path.dirname(socket), exist_ok=True)
    os.chmod(os.path.dirname(socket), 0o700)
    return {"BEADS_DATA_DIR": data_dir, "BD_HOST": "unix://" + socket}


def stop_host(bd: str, env: dict[str, str]) -> str:
    """`bd host stop` on the host of env; SIGTERM to its pid if it is somehow still alive 10 s later. Returns a note
    when the host needed that."""
    data_dir = env["BEADS_DATA_DIR"]
    pid = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open(os.path.join(data_dir, "host.pid")) as f:
            pid = int(f.read().split()[0])
    with contextlib.suppress(subprocess.TimeoutExpired):
        subprocess.run([bd, "host", "stop"], env={**os.environ, **env, "BD_NO_AUTO_START": "1"},
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    if pid is None:
        return ""
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except OSError:
            return ""
        time.sleep(0.1)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGTERM)
    return f"host pid {pid} still alive after bd host stop: sent SIGTERM"


def cannot_run(client: str, why: object) -> int:
    print(f"{client}: cannot run: {why}", file=sys.stderr)
    return 1
