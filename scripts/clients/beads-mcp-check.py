#!/usr/bin/env python3
"""Drives beads-mcp's own bd client (integrations/beads-mcp of beads: beads_mcp.bd_client.BdCliClient) against our bd,
and validates what it gets with beads-mcp's own pydantic models (beads_mcp.models).

Usage: beads-mcp-check.py --beads SOURCE [--rev REV] [--bin DIR] [--work DIR]
  SOURCE   a beads checkout or bare git dir; beads-mcp is taken from REV (default HEAD)
  --bin    the folder with our bd and Beads.Host (default: this repo's artifacts/bin)
  --work   where every temporary file goes (default: a temporary folder, removed afterwards)
BEADS_DATA_DIR and BD_HOST, when set, name the host to use; it must have no rig with the prefix mcp. Unset, the check
starts a host of its own in the work folder and stops it afterwards.
Prints one line per failing check and `beads-mcp: N of M pass`; exits 0 when the checks ran, 1 when they could not.

Each check calls one client method with one set of options on a populated rig. It passes when the method returns
without BdError, its output validates into the model the client uses, and the result means what the option asks for
(a filter applied, a field set, an edge present). Checks marked "must raise" pass when the client raises
BdCommandError. The MCP server layer (server.py, fastmcp) is not imported: its tools only call this client.

Only pydantic is needed. beads_mcp/config.py imports pydantic_settings; when that is missing a stub stands in that
reads each field from its upper-cased environment variable, as pydantic-settings does with env_prefix="". The client
finds our bd through BEADS_PATH and the rig through its working_dir, as BEADS_WORKING_DIR would give it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import shlex
import subprocess
import sys
import tempfile
import traceback
import types
from typing import Any, Callable

sys.dont_write_bytecode = True  # no __pycache__ next to this script, in the repo
import beads_source  # noqa: E402

CLIENT = "beads-mcp"


def _stub_pydantic_settings() -> None:
    try:
        import pydantic_settings  # noqa: F401

        return
    except ImportError:
        pass
    from pydantic import BaseModel

    mod = types.ModuleType("pydantic_settings")

    class BaseSettings(BaseModel):
        def __init__(self, **kw: Any) -> None:
            for name in type(self).model_fields:
                value = os.environ.get(name.upper())
                if value is not None and name not in kw:
                    kw[name] = value
            super().__init__(**kw)

    def SettingsConfigDict(**kw: Any) -> dict:  # noqa: N802 - the real name
        return {}

    mod.BaseSettings = BaseSettings
    mod.SettingsConfigDict = SettingsConfigDict
    sys.modules["pydantic_settings"] = mod


# What the client ran, so that a failure names bd's command lines. The client looks
# asyncio.create_subprocess_exec up at call time, so wrapping it on the module is enough.
CALLS: list[list[str]] = []
_real_exec = asyncio.create_subprocess_exec


async def _spy_exec(*cmd: str, **kw: Any):
    CALLS.append(list(cmd))
    return await _real_exec(*cmd, **kw)


asyncio.create_subprocess_exec = _spy_exec


class SetupError(RuntimeError):
    """A bd command the rig or a check's scratch issue needed failed."""


class Rig:
    """A rig with one of everything the client's options filter on. Mutating checks each take a fresh scratch issue,
    so that no check sees another's edits."""

    def __init__(self, bd: str, root: str):
        self.bd = bd
        self.root = root
        self.ids: dict[str, str] = {}
        self._n = 0
        self.prefix = "mcp"

    def run(self, *args: str) -> subprocess.CompletedProcess:
        p = subprocess.run([self.bd, *args], cwd=self.root, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise SetupError(f"bd {shlex.join(args)} exited {p.returncode}: {p.stderr.strip()}")
        return p

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json").stdout)

    def create(self, key: str | None, title: str, *args: str) -> str:
        issue_id = self.json("create", title, *args)["id"]
        if key:
            self.ids[key] = issue_id
        return issue_id

    def scratch(self, *args: str) -> str:
        self._n += 1
        return self.create(None, f"Scratch {self._n}", *args)

    def show(self, issue_id: str) -> dict:
        data = self.json("show", issue_id)
        return data[0] if isinstance(data, list) else data

    def populate(self) -> None:
        if subprocess.run(["git", "init", "-q", self.root], capture_output=True).returncode != 0:
            raise SetupError(f"git init {self.root} failed")
        self.run("init", "--prefix", self.prefix)
        c = self.create
        c("epic", "Auth epic", "-t", "epic", "-p", "1", "-l", "area:auth", "-d", "Everything about login")
        c("blocker", "Pick a session DB", "-t", "feature", "-p", "0", "-l", "backend", "-a", "bob")
        c("child1", "Login form", "-p", "1", "--parent", self.ids["epic"], "-l", "frontend", "-a", "alice")
        c("child2", "Session store", "-p", "2", "--parent", self.ids["epic"], "-l", "backend")
        self.run("dep", "add", self.ids["child2"], self.ids["blocker"])
        c("bug", "Crash on logout", "-t", "bug", "-p", "2", "-l", "frontend,urgent", "--design", "guard null session",
          "--acceptance", "no crash", "--external-ref", "gh-7")
        c("chore", "Tidy the readme", "-t", "chore", "-p", "4")
        c("inprog", "Half done", "-p", "3", "-a", "carol")
        self.run("update", self.ids["inprog"], "--status", "in_progress")
        c("deferred", "Later maybe", "-p", "3")
        self.run("update", self.ids["deferred"], "--status", "deferred")
        c("blockedst", "Waiting on vendor", "-p", "2")
        self.run("update", self.ids["blockedst"], "--status", "blocked")
        c("closed", "Already shipped", "-p", "2")
        self.run("close", self.ids["closed"], "--reason", "shipped")
        c("found", "Found while fixing", "-t", "bug", "-p", "3")
        self.run("dep", "add", self.ids["found"], self.ids["bug"], "--type", "discovered-from")
        self.run("comment", self.ids["child1"], "needs", "a", "design", "review")
        self.run("comment", self.ids["blocker"], "postgres?")
        c("pollution", "test issue 1", "-p", "4")  # what detect_pollution looks for


class Check:
    def __init__(self, group: str, name: str, run: Callable[[Any, Rig], Any], *, model: str,
                 client_kw: dict | None = None, expect: Callable[[Any, Rig], str | None] | None = None,
                 expect_error: bool = False):
        self.group = group
        self.name = name
        self.run = run
        self.model = model
        self.client_kw = client_kw or {}
        self.expect = expect
        self.expect_error = expect_error


def all_match(pred: Callable[[Any], bool], what: str, nonempty: bool = True):
    def f(result: Any, rig: Rig) -> str | None:
        if nonempty and not result:
            return f"empty result (expected issues {what})"
        bad = [i.id for i in result if not pred(i)]
        return f"{len(bad)} of {len(result)} not {what}: {bad[:5]}" if bad else None
    return f


def contains(key: str, present: bool = True):
    def f(result: Any, rig: Rig) -> str | None:
        ids = [i.id for i in result]
        want = rig.ids[key]
        if present and want not in ids:
            return f"{key} ({want}) missing from {ids}"
        if not present and want in ids:
            return f"{key} ({want}) present but should not be"
        return None
    return f


def both(*fs):
    def f(result: Any, rig: Rig) -> str | None:
        notes = [n for n in (g(result, rig) for g in fs if g) if n]
        return "; ".join(notes) or None
    return f


def field_is(attr: str, value: Any):
    def f(result: Any, rig: Rig) -> str | None:
        issue = result[0] if isinstance(result, list) else result
        got = getattr(issue, attr)
        return None if got == value else f"{attr} = {got!r}, expected {value!r}"
    return f


def count_is(n: int):
    return lambda r, rig: None if len(r) == n else f"{len(r)} issues, expected {n}"


def max_count(n: int):
    return lambda r, rig: None if len(r) <= n else f"{len(r)} issues, expected at most {n}"


def build_checks(M: Any) -> list[Check]:  # M: the beads_mcp.models module
    checks: list[Check] = []
    add = checks.append

    # ---- version gate (tools._get_client runs it before the first call)
    add(Check("_check_version", "bd version >= 0.9.0", lambda c, r: c._check_version(), model="(regex on text)"))

    # ---- ready
    R = M.ReadyWorkParams
    ready_cases = [
        ("default (limit 10)", {}, both(max_count(10), contains("child2", False), contains("closed", False))),
        ("limit=1", {"limit": 1}, count_is(1)),
        ("limit=100", {"limit": 100}, None),
        ("priority=0", {"priority": 0}, all_match(lambda i: i.priority == 0, "priority 0")),
        ("priority=2", {"priority": 2}, all_match(lambda i: i.priority == 2, "priority 2")),
        ("issue_type=task", {"issue_type": "task"}, all_match(lambda i: i.issue_type == "task", "tasks")),
        ("issue_type=bug", {"issue_type": "bug"}, all_match(lambda i: i.issue_type == "bug", "bugs")),
        ("issue_type=epic", {"issue_type": "epic"}, all_match(lambda i: i.issue_type == "epic", "epics")),
        ("assignee=alice", {"assignee": "alice"}, all_match(lambda i: i.assignee == "alice", "alice's")),
        ("labels=[backend]", {"labels": ["backend"]}, all_match(lambda i: "backend" in i.labels, "labelled backend")),
        ("labels=[frontend,urgent] (AND)", {"labels": ["frontend", "urgent"]},
         all_match(lambda i: {"frontend", "urgent"} <= set(i.labels), "labelled frontend AND urgent")),
        ("labels_any=[backend,urgent] (OR)", {"labels_any": ["backend", "urgent"]},
         all_match(lambda i: bool({"backend", "urgent"} & set(i.labels)), "labelled backend OR urgent")),
        ("unassigned=True", {"unassigned": True}, all_match(lambda i: not i.assignee, "unassigned")),
        ("sort_policy=hybrid", {"sort_policy": "hybrid"}, None),
        ("sort_policy=priority", {"sort_policy": "priority"},
         lambda r, rig: None if [i.priority for i in r] == sorted(i.priority for i in r) else "not in priority order"),
        ("sort_policy=oldest", {"sort_policy": "oldest"},
         lambda r, rig: None if [i.created_at for i in r] == sorted(i.created_at for i in r) else "not oldest first"),
        ("parent_id=<epic>", {"parent_id": "@epic"}, both(contains("child1"), contains("child2", False), contains("bug", False))),
        ("combo: type=task priority=1 labels=[frontend] assignee=alice", {"issue_type": "task", "priority": 1,
         "labels": ["frontend"], "assignee": "alice"}, both(contains("child1"), count_is(1))),
    ]
    for name, kw, exp in ready_cases:
        def run(c, r, kw=kw):
            kw = {k: (r.ids[v[1:]] if isinstance(v, str) and v.startswith("@") else v) for k, v in kw.items()}
            return c.ready(R(**kw))
        add(Check("ready", name, run, model="list[Issue]", expect=exp))

    # ---- list_issues
    L = M.ListIssuesParams
    list_cases = [
        ("default (limit 20)", {}, both(max_count(20), contains("closed", False))),
        ("status=open", {"status": "open"}, all_match(lambda i: i.status == "open", "open")),
        ("status=in_progress", {"status": "in_progress"}, both(all_match(lambda i: i.status == "in_progress", "in_progress"), contains("inprog"))),
        ("status=blocked", {"status": "blocked"}, all_match(lambda i: i.status == "blocked", "status blocked")),
        ("status=deferred", {"status": "deferred"}, both(all_match(lambda i: i.status == "deferred", "deferred"), contains("deferred"))),
        ("status=closed", {"status": "closed"}, both(all_match(lambda i: i.status == "closed", "closed"), contains("closed"))),
        ("priority=0", {"priority": 0}, all_match(lambda i: i.priority == 0, "priority 0")),
        ("priority=4", {"priority": 4}, all_match(lambda i: i.priority == 4, "priority 4")),
        ("issue_type=bug", {"issue_type": "bug"}, all_match(lambda i: i.issue_type == "bug", "bugs")),
        ("issue_type=epic", {"issue_type": "epic"}, all_match(lambda i: i.issue_type == "epic", "epics")),
        ("issue_type=feature", {"issue_type": "feature"}, all_match(lambda i: i.issue_type == "feature", "features")),
        ("assignee=alice", {"assignee": "alice"}, all_match(lambda i: i.assignee == "alice", "alice's")),
        ("labels=[backend]", {"labels": ["backend"]}, all_match(lambda i: "backend" in i.labels, "labelled backend")),
        ("labels=[frontend,urgent] (AND)", {"labels": ["frontend", "urgent"]},
         all_match(lambda i: {"frontend", "urgent"} <= set(i.labels), "labelled frontend AND urgent")),
        ("labels_any=[backend,urgent] (OR)", {"labels_any": ["backend", "urgent"]},
         all_match(lambda i: bool({"backend", "urgent"} & set(i.labels)), "labelled backend OR urgent")),
        ("query='login'", {"query": "login"}, all_match(lambda i: "login" in i.title.lower(), "titled *login*")),
        ("unassigned=True", {"unassigned": True}, all_match(lambda i: not i.assignee, "unassigned")),
        ("limit=1", {"limit": 1}, count_is(1)),
        ("limit=100", {"limit": 100}, None),
        ("combo: status=open type=bug labels_any=[urgent] query=crash", {"status": "open", "issue_type": "bug",
         "labels_any": ["urgent"], "query": "crash"}, both(contains("bug"), count_is(1))),
        ("combo: priority=2 unassigned limit=5", {"priority": 2, "unassigned": True, "limit": 5},
         all_match(lambda i: i.priority == 2 and not i.assignee, "P2 unassigned")),
    ]
    for name, kw, exp in list_cases:
        add(Check("list_issues", name, lambda c, r, kw=kw: c.list_issues(L(**kw)), model="list[Issue]", expect=exp))

    # ---- show
    S = M.ShowIssueParams

    def deps_of(key, n_deps, n_dependents):
        def f(res, rig):
            notes = []
            if len(res.dependencies) != n_deps:
                notes.append(f"{len(res.dependencies)} dependencies, expected {n_deps}")
            if len(res.dependents) != n_dependents:
                notes.append(f"{len(res.dependents)} dependents, expected {n_dependents}")
            return "; ".join(notes) or None
        return f

    show_cases = [
        ("plain task", "chore", None),
        ("epic (2 dependents: parent-child)", "epic", both(deps_of("epic", 0, 2),
         lambda res, rig: None if all(d.dependency_type == "parent-child" for d in res.dependents) else
         f"dependents' dependency_type {[d.dependency_type for d in res.dependents]}")),
        ("child with parent + blocker (2 dependencies)", "child2", deps_of("child2", 2, 0)),
        ("discovered-from edge", "found", deps_of("found", 1, 0)),
        ("closed issue", "closed", lambda res, rig: None if res.closed_at else "closed_at missing"),
        ("labels/design/acceptance/external_ref", "bug",
         both(field_is("design", "guard null session"), field_is("acceptance_criteria", "no crash"), field_is("external_ref", "gh-7"))),
        ("with comments", "child1", None),
    ]
    for name, key, exp in show_cases:
        add(Check("show", name, lambda c, r, key=key: c.show(S(issue_id=r.ids[key])), model="Issue", expect=exp))
    add(Check("show", "nonexistent id (must raise BdCommandError)", lambda c, r: c.show(S(issue_id=r.prefix + "-nope")),
              model="Issue", expect_error=True))

    # ---- create
    C = M.CreateIssueParams
    create_cases = [
        ("minimal (title; -p 2 -t task)", {}, both(field_is("priority", 2), field_is("issue_type", "task"))),
        ("description", {"description": "Why and what"}, field_is("description", "Why and what")),
        ("description starting with '-' (markdown list)", {"description": "- one\n- two"}, field_is("description", "- one\n- two")),
        ("design", {"design": "use a queue"}, field_is("design", "use a queue")),
        ("acceptance", {"acceptance": "tests pass"}, field_is("acceptance_criteria", "tests pass")),
        ("external_ref", {"external_ref": "gh-42"}, field_is("external_ref", "gh-42")),
        ("priority=0", {"priority": 0}, field_is("priority", 0)),
        ("priority=4", {"priority": 4}, field_is("priority", 4)),
        ("issue_type=bug", {"issue_type": "bug"}, field_is("issue_type", "bug")),
        ("issue_type=feature", {"issue_type": "feature"}, field_is("issue_type", "feature")),
        ("issue_type=epic", {"issue_type": "epic"}, field_is("issue_type", "epic")),
        ("issue_type=chore", {"issue_type": "chore"}, field_is("issue_type", "chore")),
        ("issue_type=decision", {"issue_type": "decision"}, field_is("issue_type", "decision")),
        ("assignee", {"assignee": "dave"}, field_is("assignee", "dave")),
        ("labels=[one]", {"labels": ["one"]}, field_is("labels", ["one"])),
        ("labels=[a,b] (repeated -l)", {"labels": ["a", "b"]}, lambda r, rig: None if sorted(r.labels) == ["a", "b"] else f"labels {r.labels}"),
        ("id=<prefix>-explicit1", {"id": "@@explicit"}, lambda res, r: None if res.id == r.prefix + "-explicit1" else f"id = {res.id}"),
        ("deps=[<blocker>]", {"deps": ["@blocker"]}, None),
        ("deps=[<a>,<b>]", {"deps": ["@blocker", "@bug"]}, None),
        ("deps=['discovered-from:<bug>']", {"deps": ["discovered-from:@bug"]}, None),
        ("deps=['blocks:<chore>']", {"deps": ["blocks:@chore"]}, None),
        ("all fields", {"description": "d", "design": "g", "acceptance": "a", "external_ref": "jira-1", "priority": 1,
                        "issue_type": "feature", "assignee": "erin", "labels": ["x", "y"], "deps": ["@blocker"]},
         both(field_is("assignee", "erin"), field_is("external_ref", "jira-1"), field_is("design", "g"))),
    ]

    def resolve(v: Any, r: Rig) -> Any:
        if isinstance(v, list):
            return [resolve(x, r) for x in v]
        if v == "@@explicit":
            return r.prefix + "-explicit1"
        if isinstance(v, str) and "@" in v:
            head, _, key = v.rpartition("@")
            return head + r.ids[key]
        return v

    for i, (name, kw, exp) in enumerate(create_cases):
        def run(c, r, kw=kw, i=i):
            kw = {k: resolve(v, r) for k, v in kw.items()}
            return c.create(C(title=f"Created {i}", **kw))
        add(Check("create", name, run, model="Issue", expect=exp))

    # ---- update (each on a fresh issue)
    U = M.UpdateIssueParams
    update_cases = [
        ("status=in_progress", {"status": "in_progress"}, field_is("status", "in_progress")),
        ("status=blocked", {"status": "blocked"}, field_is("status", "blocked")),
        ("status=deferred", {"status": "deferred"}, field_is("status", "deferred")),
        ("status=closed (client passes it through)", {"status": "closed"}, field_is("status", "closed")),
        ("priority=0", {"priority": 0}, field_is("priority", 0)),
        ("assignee", {"assignee": "frank"}, field_is("assignee", "frank")),
        ("title", {"title": "Renamed"}, field_is("title", "Renamed")),
        ("description", {"description": "new desc"}, field_is("description", "new desc")),
        ("design", {"design": "new design"}, field_is("design", "new design")),
        ("acceptance_criteria (--acceptance)", {"acceptance_criteria": "new ac"}, field_is("acceptance_criteria", "new ac")),
        ("notes", {"notes": "a note"}, field_is("notes", "a note")),
        ("external_ref", {"external_ref": "gh-99"}, field_is("external_ref", "gh-99")),
        ("combo: status+priority+assignee+title+notes", {"status": "in_progress", "priority": 1, "assignee": "gina",
         "title": "All at once", "notes": "n"}, both(field_is("status", "in_progress"), field_is("assignee", "gina"), field_is("title", "All at once"))),
    ]
    for name, kw, exp in update_cases:
        add(Check("update", name, lambda c, r, kw=kw: c.update(U(issue_id=r.scratch(), **kw)), model="Issue (first of list)", expect=exp))

    def reopen_via_update(c, r):
        issue_id = r.scratch()
        r.run("close", issue_id)
        return c.update(U(issue_id=issue_id, status="open"))
    add(Check("update", "status=open on a closed issue (client passes it through)", reopen_via_update,
              model="Issue (first of list)", expect=field_is("status", "open")))
    add(Check("update", "nonexistent id (must raise BdCommandError)", lambda c, r: c.update(U(issue_id=r.prefix + "-nope", title="x")),
              model="Issue", expect_error=True))

    # ---- claim
    K = M.ClaimIssueParams
    add(Check("claim", "unassigned open issue", lambda c, r: c.claim(K(issue_id=r.scratch())), model="Issue (first of list)",
              expect=field_is("status", "in_progress")))
    add(Check("claim", "with BEADS_ACTOR=mcp-agent (assignee = actor)", lambda c, r: c.claim(K(issue_id=r.scratch())),
              model="Issue (first of list)", client_kw={"actor": "mcp-agent"},
              expect=both(field_is("assignee", "mcp-agent"), field_is("status", "in_progress"))))
    add(Check("claim", "issue held by someone else (must raise BdCommandError)",
              lambda c, r: c.claim(K(issue_id=r.scratch("-a", "zed"))), model="Issue", client_kw={"actor": "mcp-agent"},
              expect_error=True))

    # ---- close
    X = M.CloseIssueParams
    add(Check("close", "default reason 'Completed'", lambda c, r: c.close(X(issue_id=r.scratch())), model="list[Issue]",
              expect=field_is("status", "closed")))
    add(Check("close", "custom reason", lambda c, r: c.close(X(issue_id=r.scratch(), reason="won't fix")), model="list[Issue]",
              expect=field_is("status", "closed")))
    def labelled_commented_related(r):
        i = r.scratch("-l", "z", "--deps", "related:" + r.ids["chore"])
        r.run("comment", i, "closing soon")
        return i
    add(Check("close", "issue with labels, a comment and a related edge", lambda c, r: c.close(X(issue_id=labelled_commented_related(r))),
              model="list[Issue]", expect=field_is("status", "closed")))
    add(Check("close", "issue with an open blocker (must raise BdCommandError, as beads GH#962 does without --force)",
              lambda c, r: c.close(X(issue_id=r.scratch("--deps", r.ids["chore"]))), model="list[Issue]", expect_error=True))

    # ---- reopen
    O = M.ReopenIssueParams

    def closed_scratch(r):
        i = r.scratch()
        r.run("close", i)
        return i
    add(Check("reopen", "one id", lambda c, r: c.reopen(O(issue_ids=[closed_scratch(r)])), model="list[Issue]",
              expect=field_is("status", "open")))
    add(Check("reopen", "two ids", lambda c, r: c.reopen(O(issue_ids=[closed_scratch(r), closed_scratch(r)])), model="list[Issue]",
              expect=both(count_is(2), all_match(lambda i: i.status == "open", "open"))))
    add(Check("reopen", "with reason", lambda c, r: c.reopen(O(issue_ids=[closed_scratch(r)], reason="regressed")), model="list[Issue]",
              expect=field_is("status", "open")))

    # ---- add_dependency
    D = M.AddDependencyParams
    for t in ["blocks", "related", "parent-child", "discovered-from", "relates-to", "duplicates", "supersedes",
              "caused-by", "waits-for", "conditional-blocks", "replies-to", "validates", "tracks"]:
        def run(c, r, t=t):
            a, b = r.scratch(), r.scratch()
            r.ids["_dep"] = (a, b)  # type: ignore[assignment]
            return c.add_dependency(D(issue_id=a, depends_on_id=b, dep_type=t))

        def exp(res, r, t=t):
            a, b = r.ids["_dep"]  # type: ignore[misc]
            deps = r.show(a).get("dependencies") or []
            got = [(d.get("id"), d.get("dependency_type")) for d in deps]
            return None if (b, t) in got else f"edge not found on show: {got}"
        add(Check("add_dependency", f"dep_type={t}", run, model="(none; exit code)", expect=exp))
    add(Check("add_dependency", "nonexistent target (must raise BdCommandError)",
              lambda c, r: c.add_dependency(D(issue_id=r.scratch(), depends_on_id=r.prefix + "-nope")), model="(none)", expect_error=True))

    # ---- the rest
    add(Check("quickstart", "bd quickstart", lambda c, r: c.quickstart(), model="str (text)",
              expect=lambda res, r: None if res.strip() else "empty text"))
    add(Check("stats", "bd stats", lambda c, r: c.stats(), model="Stats",
              expect=lambda res, r: None if res.summary.total_issues > 0 and res.summary.ready_issues > 0
              and res.summary.blocked_issues > 0 else f"summary {res.summary}"))
    B = M.BlockedParams
    def blocked_by_blocker(res, r):
        row = next((i for i in res if i.id == r.ids["child2"]), None)
        if row is None:
            return "child2 not listed"
        return None if r.ids["blocker"] in row.blocked_by and row.blocked_by_count == len(row.blocked_by) else \
            f"blocked_by {row.blocked_by} count {row.blocked_by_count}"
    add(Check("blocked", "default", lambda c, r: c.blocked(B()), model="list[BlockedIssue]", expect=blocked_by_blocker))
    add(Check("blocked", "parent_id=<epic>", lambda c, r: c.blocked(B(parent_id=r.ids["epic"])), model="list[BlockedIssue]",
              expect=both(contains("child2"), contains("blockedst", False))))
    def keys(*names):
        return lambda res, r: (lambda miss: f"keys missing: {miss}" if miss else None)([k for k in names if k not in res])
    add(Check("inspect_migration", "bd migrate --inspect", lambda c, r: c.inspect_migration(), model="dict",
              expect=keys("registered_migrations", "current_state", "warnings", "invariants_to_check")))
    add(Check("get_schema_info", "bd info --schema", lambda c, r: c.get_schema_info(), model="dict",
              expect=keys("database_path", "mode", "schema")))
    add(Check("repair_deps", "fix=False", lambda c, r: c.repair_deps(), model="dict", expect=keys("orphans_found", "orphans")))
    add(Check("repair_deps", "fix=True", lambda c, r: c.repair_deps(fix=True), model="dict", expect=keys("orphans_found", "orphans", "fixed")))
    add(Check("detect_pollution", "clean=False", lambda c, r: c.detect_pollution(), model="dict", expect=keys("polluted_count", "issues")))
    add(Check("detect_pollution", "clean=True", lambda c, r: c.detect_pollution(clean=True), model="dict", expect=keys("polluted_count", "issues")))
    add(Check("validate", "default", lambda c, r: c.validate(), model="dict", expect=keys("path", "checks", "overall_ok")))
    add(Check("validate", "checks='orphans,duplicates' (ignored by client)", lambda c, r: c.validate(checks="orphans,duplicates"),
              model="dict", expect=keys("path", "checks", "overall_ok")))
    add(Check("validate", "fix_all=True", lambda c, r: c.validate(fix_all=True), model="dict", expect=keys("path", "checks", "overall_ok")))

    I_ = M.InitParams

    def init_in_new_folder(prefix):
        def run(c, r):
            folder = tempfile.mkdtemp(prefix="init-", dir=os.path.dirname(r.root))
            subprocess.run(["git", "init", "-q", folder], check=True)
            c.working_dir = folder
            return c.init(I_(prefix=prefix) if prefix is not None else None)
        return run

    def init_made_rig(res, r):
        return None if res is not None else "no output"
    add(Check("init", "no prefix (new folder)", init_in_new_folder(None), model="str (text)", expect=init_made_rig))
    add(Check("init", "prefix=mcpinit (new folder)", init_in_new_folder("mcpinit"), model="str (text)", expect=init_made_rig))
    add(Check("init", "prefix + BEADS_ACTOR (--actor)", init_in_new_folder("mcpact"), model="str (text)",
              client_kw={"actor": "mcp-agent"}, expect=init_made_rig))

    # ---- the client's global flags on each JSON method: --actor, --no-auto-flush, --no-auto-import
    globals_ = [("actor=mcp-agent (--actor)", {"actor": "mcp-agent"}),
                ("no_auto_flush (--no-auto-flush)", {"no_auto_flush": True}),
                ("no_auto_import (--no-auto-import)", {"no_auto_import": True})]
    base_calls: list[tuple[str, str, Callable]] = [
        ("ready", "list[Issue]", lambda c, r: c.ready(R())),
        ("list_issues", "list[Issue]", lambda c, r: c.list_issues(L())),
        ("show", "Issue", lambda c, r: c.show(S(issue_id=r.ids["child2"]))),
        ("create", "Issue", lambda c, r: c.create(C(title="with a global flag", labels=["g"]))),
        ("update", "Issue (first of list)", lambda c, r: c.update(U(issue_id=r.scratch(), title="flagged"))),
        ("claim", "Issue (first of list)", lambda c, r: c.claim(K(issue_id=r.scratch()))),
        ("close", "list[Issue]", lambda c, r: c.close(X(issue_id=r.scratch()))),
        ("reopen", "list[Issue]", lambda c, r: c.reopen(O(issue_ids=[closed_scratch(r)]))),
        ("add_dependency", "(none; exit code)", lambda c, r: c.add_dependency(D(issue_id=r.scratch(), depends_on_id=r.ids["chore"]))),
        ("stats", "Stats", lambda c, r: c.stats()),
        ("blocked", "list[BlockedIssue]", lambda c, r: c.blocked(B())),
    ]
    for gname, gkw in globals_:
        for method, model, fn in base_calls:
            exp = None
            if gkw.get("actor") and method == "create":
                exp = lambda res, r: None if r.show(res.id).get("created_by") == "mcp-agent" else f"created_by = {r.show(res.id).get('created_by')!r}"  # noqa: E731
            if gkw.get("actor") and method == "claim":
                exp = field_is("assignee", "mcp-agent")
            add(Check(method, f"global {gname}", fn, model=model, client_kw=gkw, expect=exp))
    return checks


def describe(result: Any) -> str:
    if isinstance(result, list):
        return f"{len(result)} items"
    if isinstance(result, dict):
        return "dict keys: " + ", ".join(list(result)[:8])
    if isinstance(result, str):
        return f"{len(result)} chars of text"
    return "None" if result is None else type(result).__name__


def one_line(text: str, limit: int = 240) -> str:
    text = " | ".join(part.strip() for part in text.strip().splitlines() if part.strip())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def bd_said(stderr: str) -> str:
    """bd's error message: with --json bd writes its error as a JSON object."""
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        return one_line(json.loads(stderr)["error"])
    return one_line(stderr)


async def run_check(chk: Check, rig: Rig, bd_client: Any) -> str | None:
    """None when the check passes, else why not."""
    from pydantic import ValidationError

    client = bd_client.BdCliClient(working_dir=rig.root, **chk.client_kw)
    try:
        # The client logs bd's failures on stderr; the failure line says them once.
        with contextlib.redirect_stderr(io.StringIO()):
            result = await chk.run(client, rig)
    except ValidationError as e:
        return f"output does not validate into {chk.model}: {one_line(str(e))}"
    except bd_client.BdCommandError as e:
        return None if chk.expect_error else f"BdCommandError, bd exit {e.returncode}: {bd_said(e.stderr or str(e))}"
    except Exception as e:  # noqa: BLE001 - whatever the client raises is the finding
        return one_line("".join(traceback.format_exception_only(type(e), e)))
    if chk.expect_error:
        return f"expected BdCommandError, got {describe(result)}"
    if chk.expect:
        try:
            return chk.expect(result, rig)
        except Exception as e:  # noqa: BLE001
            return f"checking the result raised {type(e).__name__}: {e}"
    return None


async def run_checks(checks: list[Check], rig: Rig, bd_client: Any) -> int:
    passed = 0
    for chk in checks:
        CALLS.clear()
        why = await run_check(chk, rig, bd_client)
        if why is None:
            passed += 1
            continue
        ran = "; ".join(f"`{shlex.join(['bd', *argv[1:]])}`" for argv in CALLS) or "no bd call"
        print(f"FAIL {chk.group}: {chk.name}: {why} (ran {ran})", flush=True)
    return passed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--beads", required=True, help="a beads checkout or bare git dir")
    ap.add_argument("--rev", default="HEAD", help="beads revision whose beads-mcp is driven (default HEAD)")
    ap.add_argument("--bin", default=beads_source.DEFAULT_BIN, help="folder with our bd (default artifacts/bin)")
    ap.add_argument("--work", help="folder for every temporary file (default: a temporary folder)")
    args = ap.parse_args()
    try:
        bd = beads_source.bd_path(args.bin)
        with beads_source.work_folder(args.work) as work:
            commit = beads_source.extract(args.beads, args.rev, "integrations/beads-mcp", os.path.join(work, "beads"))
            own_host = not (os.environ.get("BEADS_DATA_DIR") and os.environ.get("BD_HOST"))
            if own_host:
                os.environ.update(beads_source.host_env(os.path.join(work, "data"), os.path.join(work, "run", "bd.sock")))
            try:
                os.environ["BEADS_PATH"] = bd
                # Either would send the client to another database than the rig's.
                os.environ.pop("BEADS_DIR", None)
                os.environ.pop("BEADS_DB", None)
                _stub_pydantic_settings()
                sys.path.insert(0, os.path.join(work, "beads", "integrations", "beads-mcp", "src"))
                try:
                    from beads_mcp import bd_client, models
                except ImportError as e:
                    raise beads_source.CannotRun(f"importing beads_mcp: {e} (pip install pydantic)") from e
                rig = Rig(bd, tempfile.mkdtemp(prefix="rig-", dir=work))
                try:
                    rig.populate()
                except SetupError as e:
                    raise beads_source.CannotRun(f"filling the rig: {e}") from e
                checks = build_checks(models)
                print(f"{CLIENT}: beads {args.rev} ({commit}), {len(checks)} checks, bd {bd}", flush=True)
                passed = asyncio.run(run_checks(checks, rig, bd_client))
            finally:
                if own_host:
                    beads_source.stop_host(bd, dict(os.environ))
    except beads_source.CannotRun as e:
        return beads_source.cannot_run(CLIENT, e)
    print(f"{CLIENT}: {passed} of {len(checks)} pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
