#!/usr/bin/env python3
"""Runs beads' own CLI test scripts (cmd/bd/testdata/*.txt, rsc.io/script format) against our bd.

Usage: beads-scripts.py --beads SOURCE [--rev REV] [--bin DIR] [--work DIR] [-j N] [script...]
  SOURCE   a beads checkout or bare git dir; the scripts are taken from REV (default HEAD)
  --bin    the folder with our bd and Beads.Host (default: this repo's artifacts/bin)
  --work   where every temporary file goes (default: a temporary folder, removed afterwards)
  script   only these scripts (names without .txt)
Prints one line per failing script and `beads-scripts@REV: N of M pass`; exits 0 when the scripts ran, 1 when they
could not.

beads runs these scripts with rsc.io/script, which is Go; this is an implementation of the part of it they use, so that
no Go toolchain is needed. Where it differs from rsc.io/script, the difference is noted.

The engine is set up as beads' cmd/bd/scripttest_test.go and rsc.io/script's scripttest.Test do: a fresh work folder
per script (no git init), an environment of only PATH (bd's folder first, so `exec sh -c 'bd ...'` finds our bd),
WORK, PWD and TMPDIR=$WORK/tmp, and stdin from /dev/null.

One addition: every script gets a host of its own (its own BEADS_DATA_DIR and BD_HOST socket, started by bd itself),
stopped after the script. Our bd keeps one rig per prefix on a host, and every script runs `bd init --prefix test`;
adding --rig to the scripts instead would change what is measured.
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # no __pycache__ next to this script, in the repo
import beads_source  # noqa: E402

# beads' engine has no timeout; this only keeps a hung bd from hanging the whole measurement.
CMD_TIMEOUT = 180


class CmdError(Exception):
    """The command ran and failed (what `!` expects)."""


class Stop(Exception):
    pass


class Skip(Exception):
    pass


class RunnerError(Exception):
    """Something this runner does not implement: reported apart from bd's failures."""


# ---------------------------------------------------------------- parsing, as rsc.io/script's engine.go

SEP = " \t\r\n#"


def parse_line(line):
    """(want, conds, name, rawargs, background), or None for a blank line. Each raw argument is a list of
    (text, quoted) fragments, because quoting stops $VAR expansion for its fragment only."""
    want = ""
    conds = []
    name = None
    rawargs = []
    frags = []
    start = -1
    quoted = False
    i = 0

    def flush():
        nonlocal want, name, frags
        if not frags:
            return
        f = frags
        frags = []
        if name is None and len(f) == 1 and not f[0][1]:
            a = f[0][0]
            if a in ("!", "?"):
                if want:
                    raise RunnerError("duplicated '!' or '?' token")
                want = a
                return
            if a.startswith("[") and a.endswith("]"):
                c = a[1:-1].strip()
                neg = c.startswith("!")
                if neg:
                    c = c[1:].strip()
                conds.append((not neg, c))
                return
            name = a
            return
        if name is None:
            name = "".join(t for t, _ in f)
            return
        rawargs.append(f)

    n = len(line)
    while True:
        if not quoted and (i >= n or line[i] in SEP):
            if start >= 0:
                frags.append((line[start:i], False))
                start = -1
            flush()
            if i >= n or line[i] == "#":
                break
            i += 1
            continue
        if i >= n:
            raise RunnerError("unterminated quoted argument")
        if line[i] == "'":
            if not quoted:
                if start >= 0:
                    frags.append((line[start:i], False))
                start = i + 1
                quoted = True
                i += 1
                continue
            if i + 1 < n and line[i + 1] == "'":  # '' inside quotes is one quote
                frags.append((line[start:i], True))
                start = i + 1
                i += 2
                continue
            frags.append((line[start:i], True))
            start = i + 1
            quoted = False
            i += 1
            continue
        if start < 0:
            start = i
        i += 1
    if name is None:
        if want or conds or rawargs:
            raise RunnerError("missing command")
        return None
    background = False
    if rawargs and len(rawargs[-1]) == 1 and not rawargs[-1][0][1] and rawargs[-1][0][0] == "&":
        background = True
        rawargs = rawargs[:-1]
    return want, conds, name, rawargs, background


VAR_RE = re.compile(r"\$(\{([^}]*)\}|([A-Za-z0-9_]+|[:/]))")


def expand(text, env, is_regexp=False):
    def rep(m):
        key = m.group(2) if m.group(2) is not None else m.group(3)
        if key == ":":
            v = os.pathsep
        elif key == "/":
            v = os.sep
        else:
            v = env.get(key, "")
        return re.escape(v) if is_regexp else v
    return VAR_RE.sub(rep, text)


def parse_txtar(data):
    """The script (the archive's comment) and its files."""
    comment = []
    files = []
    cur = None
    hdr = re.compile(r"^-- (.+) --$")
    for ln in data.split("\n"):
        m = hdr.match(ln.rstrip("\r"))
        if m:
            cur = [m.group(1).strip(), []]
            files.append(cur)
        elif cur is None:
            comment.append(ln)
        else:
            cur[1].append(ln)
    out = []
    for name, body in files:
        text = "\n".join(body)
        if text and not text.endswith("\n"):
            text += "\n"
        out.append((name, text))
    return "\n".join(comment), out


def go_regexp_to_py(p):
    # The scripts' patterns mean the same in RE2 and Python's re; \z is the one RE2 spelling Python lacks.
    return p.replace(r"\z", r"\Z")


# ---------------------------------------------------------------- commands, as rsc.io/script's cmds.go

class State:
    def __init__(self, workdir, env, bd):
        self.pwd = workdir
        self.env = dict(env)
        self.bd = bd
        self.stdout = ""
        self.stderr = ""
        self.last_exec = None  # (argv, rc, stdout, stderr): what a failure report quotes

    def path(self, p):
        return p if os.path.isabs(p) else os.path.join(self.pwd, p)

    def lookpath(self, prog):
        if "/" in prog:
            return self.path(prog)
        for d in self.env.get("PATH", "").split(os.pathsep):
            cand = os.path.join(d or ".", prog)
            if os.path.isfile(cand) and os.access(cand, os.X_OK):
                return cand
        return None


def run_program(s, argv):
    try:
        p = subprocess.run(argv, cwd=s.pwd, env=s.env, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=CMD_TIMEOUT)
        out, err, rc = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = (e.stderr or b"").decode("utf-8", "replace") + "\n[runner: timed out after %ds]" % CMD_TIMEOUT
        rc = -1
    s.last_exec = (argv, rc, out, err)
    s.stdout, s.stderr = out, err
    return None if rc == 0 else CmdError("exit status %d" % rc)


def do_match(s, args, text, name):
    n = 0
    if args and args[0].startswith("-count="):
        try:
            n = int(args[0][len("-count="):])
        except ValueError:
            raise CmdError("bad -count=")
        if n < 1:
            raise CmdError("bad -count=: must be at least 1")
        args = args[1:]
    if args and args[0] == "-q":
        args = args[1:]
    is_grep = name == "grep"
    if len(args) != (2 if is_grep else 1):
        raise CmdError("usage: %s [-count=N] [-q] 'pattern'%s" % (name, " file" if is_grep else ""))
    pattern = "(?m)" + go_regexp_to_py(args[0])
    try:
        rx = re.compile(pattern)
    except re.error as e:
        raise RunnerError("regexp %r not understood by Python: %s" % (args[0], e))
    if is_grep:
        name = args[1]
        try:
            with open(s.path(args[1]), encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError as e:
            raise CmdError(str(e))
    if n > 0:
        c = len(rx.findall(text))
        if c != n:
            raise CmdError("found %d matches for `%s` in %s" % (c, args[0], name))
    elif not rx.search(text):
        raise CmdError("no match for `%s` in %s" % (args[0], name))


def regexp_arg_indices(name, raw):
    """Which argument is a pattern: $VAR in it expands quoted, as in rsc.io/script."""
    if name in ("stdout", "stderr", "grep"):
        for i, a in enumerate(raw):
            if not a.startswith("-"):
                return [i]
    return []


def read_operand(s, a):
    if a == "stdout":
        return s.stdout
    if a == "stderr":
        return s.stderr
    with open(s.path(a), encoding="utf-8", errors="replace") as f:
        return f.read()


def run_cmd(s, name, args):
    """Runs one command; returns its failure (a CmdError) or None. Only bd, exec, env, cat and echo replace the
    stdout/stderr that later `stdout`, `stderr` and `cp stdout` read, as in rsc.io/script."""
    if name == "bd":
        return run_program(s, [s.bd] + args)
    if name == "exec":
        if not args:
            raise CmdError("usage: exec program [args...]")
        prog = s.lookpath(args[0])
        if prog is None:
            return CmdError("exec: %s: executable file not found in $PATH" % args[0])
        return run_program(s, [prog] + args[1:])
    if name in ("stdout", "stderr", "grep"):
        try:
            do_match(s, args, s.stdout if name == "stdout" else s.stderr, name)
        except CmdError as e:
            return e
        return None
    if name == "cp":
        if len(args) < 2:
            raise CmdError("usage: cp src... dst")
        dst = s.path(args[-1])
        isdir = os.path.isdir(dst)
        if len(args) > 2 and not isdir:
            return CmdError("cp: destination %s is not a directory" % args[-1])
        for src in args[:-1]:
            try:
                data = read_operand(s, src)
            except OSError as e:
                return CmdError(str(e))
            with open(os.path.join(dst, os.path.basename(src)) if isdir else dst, "w", encoding="utf-8") as f:
                f.write(data)
        return None
    if name in ("cmp", "cmpenv"):
        if args and args[0] == "-q":
            args = args[1:]
        if len(args) != 2:
            raise CmdError("usage: %s file1 file2" % name)
        try:
            a, b = read_operand(s, args[0]), read_operand(s, args[1])
        except OSError as e:
            return CmdError(str(e))
        if name == "cmpenv":
            a, b = expand(a, s.env), expand(b, s.env)
        return None if a == b else CmdError("%s and %s differ" % (args[0], args[1]))
    if name == "exists":
        ro = ex = False
        while args and args[0] in ("-readonly", "-exec"):
            ro = ro or args[0] == "-readonly"
            ex = ex or args[0] == "-exec"
            args = args[1:]
        if not args:
            raise CmdError("usage: exists [-readonly] [-exec] file...")
        for a in args:
            p = s.path(a)
            if not os.path.lexists(p):
                return CmdError("%s does not exist" % a)
            mode = os.stat(p).st_mode
            if ro and mode & 0o222:
                return CmdError("%s exists but is writable" % a)
            if ex and not mode & 0o111:
                return CmdError("%s exists but is not executable" % a)
        return None
    if name == "env":
        if not args:
            s.stdout, s.stderr = "".join("%s=%s\n" % kv for kv in s.env.items()), ""
            return None
        out = []
        for a in args:
            if "=" in a:
                k, v = a.split("=", 1)
                s.env[k] = v
            else:
                out.append("%s=%s\n" % (a, s.env.get(a, "")))
        if out:
            s.stdout, s.stderr = "".join(out), ""
        return None
    if name == "cd":
        if len(args) != 1:
            raise CmdError("usage: cd dir")
        p = os.path.normpath(s.path(args[0]))
        if not os.path.isdir(p):
            return CmdError("cd %s: not a directory" % args[0])
        s.pwd = s.env["PWD"] = p
        return None
    if name == "mkdir":
        for a in args:
            try:
                os.makedirs(s.path(a), exist_ok=True)
            except OSError as e:
                return CmdError(str(e))
        return None
    if name == "rm":
        for a in args:
            p = s.path(a)
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p, ignore_errors=True)
            elif os.path.lexists(p):
                os.remove(p)
        return None
    if name == "mv":
        if len(args) != 2:
            raise CmdError("usage: mv old new")
        try:
            os.rename(s.path(args[0]), s.path(args[1]))
        except OSError as e:
            return CmdError(str(e))
        return None
    if name == "cat":
        out = []
        for a in args:
            try:
                out.append(read_operand(s, a))
            except OSError as e:
                return CmdError(str(e))
        s.stdout, s.stderr = "".join(out), ""
        return None
    if name == "echo":
        s.stdout, s.stderr = " ".join(args) + "\n", ""
        return None
    if name == "chmod":
        if len(args) < 2:
            raise CmdError("usage: chmod perm paths...")
        for a in args[1:]:
            os.chmod(s.path(a), int(args[0], 8))
        return None
    if name == "symlink":
        if len(args) != 3 or args[1] != "->":
            raise CmdError("usage: symlink path -> target")
        os.symlink(args[2], s.path(args[0]))
        return None
    if name == "sleep":
        m = re.match(r"^([0-9.]+)(ms|s|m)?$", args[0] if args else "0")
        if not m:
            raise CmdError("bad duration %s" % (args[0] if args else ""))
        time.sleep(float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, None: 1}[m.group(2)])
        return None
    if name == "stop":
        raise Stop(" ".join(args))
    if name == "skip":
        raise Skip(" ".join(args))
    if name == "wait":  # nothing runs in the background (see execute)
        return None
    raise RunnerError("unknown command %r" % name)


def eval_cond(s, cond):
    if cond.startswith("exec:"):
        return s.lookpath(cond[5:]) is not None
    if cond.startswith("GOOS:"):
        return cond[5:] == "linux"
    if cond == "root":
        return os.geteuid() == 0
    raise RunnerError("unknown condition %r" % cond)


def execute(s, script_text):
    """Runs the script up to its first failing line, where rsc.io/script stops too. Returns None when it passed,
    else (line number, line, why, kind)."""
    for lineno, line in enumerate(script_text.split("\n"), 1):
        if line.startswith("#"):
            continue
        try:
            parsed = parse_line(line)
            if parsed is None:
                continue
            want, conds, name, rawargs, background = parsed
            if background:
                raise RunnerError("background '&' is not implemented")
            if not all(eval_cond(s, c) == w for w, c in conds):
                continue
            rx_idx = regexp_arg_indices(name, ["".join(t for t, _ in f) for f in rawargs])
            args = ["".join(t if q else expand(t, s.env, i in rx_idx) for t, q in frags)
                    for i, frags in enumerate(rawargs)]
            err = run_cmd(s, name, args)
        except (Stop, Skip):
            return None
        except RunnerError as e:
            return lineno, line, str(e), "runner"
        except CmdError as e:  # a usage error: fails even under `!`
            return lineno, line, str(e), "usage"
        if err is None and want == "!":
            return lineno, line, "unexpected success", "fail"
        if err is not None and want == "":
            return lineno, line, str(err), "fail"
    return None


def run_script(path, bd, work):
    name = os.path.basename(path)[:-4]
    with open(path, encoding="utf-8") as f:
        script, files = parse_txtar(f.read())
    workdir = tempfile.mkdtemp(prefix=name + ".", dir=os.path.join(work, "scripts"))
    host = beads_source.host_env(os.path.join(work, "data", name), os.path.join(work, "run", name + ".sock"))
    env = {
        "PATH": os.path.dirname(bd) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        "WORK": workdir,
        "PWD": workdir,
        "TMPDIR": os.path.join(workdir, "tmp"),
        **host,
    }
    os.makedirs(env["TMPDIR"])
    for fname, text in files:
        p = os.path.join(workdir, fname)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
    s = State(workdir, env, bd)
    try:
        failure = execute(s, script)
    except Exception as e:  # noqa: BLE001 - a bug here must not hide the other scripts' results
        failure = (0, "", "runner exception: %r" % e, "runner")
    finally:
        note = beads_source.stop_host(bd, env)
    return name, failure, s.last_exec, note


def one_line(text, limit=240):
    text = " | ".join(part.strip() for part in text.strip().splitlines() if part.strip())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def report(name, failure, last_exec):
    lineno, line, why, kind = failure
    where = "line %d `%s`" % (lineno, line.strip()) if lineno else "runner"
    text = "FAIL %s %s: %s" % (name, where, why)
    if kind == "runner":
        text += " (a limitation of this runner, not bd)"
    elif last_exec is not None:
        argv, rc, out, err = last_exec
        shown = "bd" if argv[0].endswith("/bd") else os.path.basename(argv[0])
        text += "; last run `%s` exit %s" % (shlex.join([shown] + argv[1:]), rc)
        printed = one_line(err) or one_line(out)
        if printed:
            text += ": " + printed
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--beads", required=True, help="a beads checkout or bare git dir")
    ap.add_argument("--rev", default="HEAD", help="beads revision whose scripts run (default HEAD)")
    ap.add_argument("--bin", default=beads_source.DEFAULT_BIN, help="folder with our bd (default artifacts/bin)")
    ap.add_argument("--work", help="folder for every temporary file (default: a temporary folder)")
    # Each script waits seconds for its own host to start, so running a few at once saves most of the time.
    ap.add_argument("-j", type=int, default=4, help="scripts run at once (default 4)")
    ap.add_argument("names", nargs="*", help="only these scripts (without .txt)")
    a = ap.parse_args()
    client = "beads-scripts@" + a.rev
    try:
        bd = beads_source.bd_path(a.bin)
        with beads_source.work_folder(a.work) as work:
            commit = beads_source.extract(a.beads, a.rev, "cmd/bd/testdata", os.path.join(work, "beads"))
            testdata = os.path.join(work, "beads", "cmd", "bd", "testdata")
            paths = sorted(os.path.join(testdata, f) for f in os.listdir(testdata) if f.endswith(".txt"))
            if a.names:
                paths = [p for p in paths if os.path.basename(p)[:-4] in a.names]
            if not paths:
                raise beads_source.CannotRun("no scripts to run in cmd/bd/testdata at %s" % a.rev)
            os.makedirs(os.path.join(work, "scripts"), exist_ok=True)
            print("%s: beads %s (%s), %d scripts, bd %s" % (client, a.rev, commit, len(paths), bd), flush=True)
            with ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
                results = list(ex.map(lambda p: run_script(p, bd, work), paths))
    except beads_source.CannotRun as e:
        return beads_source.cannot_run(client, e)
    passed = 0
    for name, failure, last_exec, note in results:
        if failure is None:
            passed += 1
        else:
            print(report(name, failure, last_exec))
        if note:
            print("NOTE %s: %s" % (name, note))
    print("%s: %d of %d pass" % (client, passed, len(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
