"""On a Dask worker: every task runs in a child process (the thread's "sidecar"), so a task can be stopped.

Dask cannot stop a running task, and an alarm is no use in a worker's thread (signals reach the
main thread only) or in C code (pdfium, Tesseract). So each worker thread drives one long-lived
child process and sends it its tasks one at a time over a pipe, as the local pool does: a task
past its deadline has its child killed (E601), a child that dies (a segfault, `os._exit`, the
kernel's out-of-memory killer) makes E602 for its file; either way a fresh child takes the next
task and the Dask worker itself lives on. Children are forked from a fork server that has the
extractors and the packaged lexicon loaded (`warm`), so a replacement costs milliseconds, not
the seconds of a fresh interpreter; a child exits when its Dask worker does (it watches a pipe
the worker holds), so a worker killed from outside leaves nothing running.

A child loads the run's rules itself (the lexicon from its own install, the user's rule folders
and taxonomy as the run gives them) and reports the rules version it computes before it takes a
task; one that differs from the client's raises `WorkerMismatch` (the run stops with E540), so a
worker running another solieu version can never mix its records into a run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import threading
from dataclasses import dataclass, replace
from typing import Any

from pipeline.outputs.records import Payload
from pipeline.run.work import Task, WorkOptions, failure_payload

STARTUP_TIMEOUT_S = 300.0  # a child's first answer: loading the rules on a busy machine
_local = threading.local()


class WorkerMismatch(Exception):
    """This worker computes other rules than the client (another solieu version, other rule folders)."""


class InputsUnseen(Exception):
    """This worker cannot see the run's local inputs at the client's paths (a folder not shared with it)."""


@dataclass(frozen=True)
class WorkerCheck:
    """What the client expects of every worker: the rules version it computes for the run, and one local
    input (`probe`, an absolute path; '' for inputs by URL) it can see."""

    rules: str
    solieu: str
    probe: str = ""


def run_units(
    tasks: list[Task], options: WorkOptions, timeout: float | None, work_fn: Any, expected: WorkerCheck
) -> list[Payload]:
    """The Dask task: run `tasks` one by one in this thread's sidecar; one payload each, never raising for
    a task's own failure (only `WorkerMismatch`, `InputsUnseen`)."""
    if expected.probe and getattr(_local, "probed", None) != expected.probe:
        from pipeline.readers.remote import exists, is_url

        seen, why = exists(expected.probe)
        if not seen:  # every file would fail E107, and be stored so: stop the run instead
            fix = (
                "give every worker access to it (the file system's package, credentials; memory:// lives in the "
                "client's process only)"
                if is_url(expected.probe)
                else "mount the input folder at the same path on every worker, or give its URL"
            )
            raise InputsUnseen(
                f"the worker on {socket.gethostname()} cannot see the run's inputs ({expected.probe}: {why}): {fix}"
            )
        _local.probed = expected.probe
    sidecar = getattr(_local, "sidecar", None)
    identity = (options, _token(work_fn), replace(expected, probe=""))
    if sidecar is None or sidecar.identity != identity:
        if sidecar is not None:
            sidecar.close()
        sidecar = _local.sidecar = _Sidecar(identity, work_fn)
    return [sidecar.run(task, timeout) for task in tasks]


def _token(work_fn: Any) -> object:
    """What names a work function across Dask tasks: each task unpickles its own copy, and a copy of a
    `functools.partial` (a test's fault injector) or of a function defined in a script (pickled by value)
    is not equal to the last one; its pickle is."""
    import cloudpickle

    try:
        return cloudpickle.dumps(work_fn)
    except Exception:  # pragma: no cover - Dask pickled it, so cloudpickle can too
        return id(work_fn)


def _context() -> Any:
    """A fork server with the extractors loaded where there is one (Linux, macOS), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.run.cluster.warm"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


class _Sidecar:
    """One child process and the pipe to it; started on first use and after each kill."""

    def __init__(self, identity: tuple[WorkOptions, object, WorkerCheck], work_fn: Any) -> None:
        self.identity = identity
        self.work_fn = work_fn
        self.process: Any = None
        self.conn: Any = None
        self.alive_w: Any = None

    def _start(self) -> None:
        options, _, expected = self.identity
        ctx = _context()
        parent, child = ctx.Pipe()
        alive_r, alive_w = ctx.Pipe(duplex=False)
        import cloudpickle  # as Dask sent it: a work function defined in a script's __main__ crosses over too

        process = ctx.Process(
            target=_sidecar_main, args=(child, alive_r, cloudpickle.dumps(self.work_fn), options), daemon=True
        )
        me: Any = multiprocessing.current_process()
        daemonic = me._config.get("daemon")  # a Dask worker under a nanny is a daemon process
        me._config["daemon"] = False  # the rule against children of daemons guards against orphans: ours
        try:  # exit with this process (`_exit_with_worker`), so the rule's reason does not hold
            process.start()
        finally:
            me._config["daemon"] = daemonic
        child.close()
        alive_r.close()
        self.process, self.conn, self.alive_w = process, parent, alive_w
        hello = None
        with contextlib.suppress(EOFError, OSError):
            if parent.poll(STARTUP_TIMEOUT_S):
                hello = parent.recv()
        if not hello or hello[0] != "ready":
            self.close()
            reason = hello[1] if hello else f"it exited with code {process.exitcode}"
            raise WorkerMismatch(f"the worker on {socket.gethostname()} could not load the run's rules: {reason}")
        _, rules, version = hello
        if rules != expected.rules:
            self.close()
            raise WorkerMismatch(
                f"the worker on {socket.gethostname()} computes rules version {rules} (solieu {version}), the client "
                f"{expected.rules} (solieu {expected.solieu}): every worker must run the same solieu version, "
                "with the same --rules folders at the same paths"
            )

    def run(self, task: Task, timeout: float | None) -> Payload:
        from multiprocessing.connection import wait

        if self.process is None or not self.process.is_alive():
            self.close()
            self._start()
        with contextlib.suppress(OSError):  # died between the check and the send: its sentinel says so below
            self.conn.send(task)
        ready = wait([self.conn, self.process.sentinel], timeout=timeout)
        if not ready:
            self.close()
            return failure_payload(task, "E601", f"no result after {timeout:g} s; worker stopped", timeout_s=timeout)
        payload = None
        with contextlib.suppress(EOFError, OSError):
            if self.conn.poll():
                payload = self.conn.recv()
        if payload is None:
            self.process.join(5)
            code = self.process.exitcode
            self.close()
            return failure_payload(task, "E602", f"worker died (exit code {code})")
        return payload

    def close(self) -> None:
        if self.process is not None:
            with contextlib.suppress(Exception):
                self.process.kill()
            self.process.join(5)
        for end in (self.conn, self.alive_w):
            if end is not None:
                with contextlib.suppress(Exception):
                    end.close()
        self.process = self.conn = self.alive_w = None


def _exit_with_worker(alive: Any) -> None:
    """A thread of the child: the Dask worker holds the other end; when it dies, so does the child."""
    with contextlib.suppress(EOFError, OSError):
        alive.recv()
    os._exit(0)


def _sidecar_main(conn: Any, alive: Any, pickled_work_fn: bytes, options: WorkOptions) -> None:
    """The child: report the rules version it computes, then run tasks until told to stop or orphaned."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the client's business
    threading.Thread(target=_exit_with_worker, args=(alive,), daemon=True).start()
    try:
        import pickle

        work_fn = pickle.loads(pickled_work_fn)
        rules, version = _rules_version(options)
    except BaseException as exc:  # a rule folder missing on this machine, a broken install
        with contextlib.suppress(Exception):
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", rules, version))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(work_fn(task, options))


def _rules_version(options: WorkOptions) -> tuple[str, str]:
    """(the rules version this install computes for the run's options, the solieu version)."""
    from pipeline.run.cache_key import rules_version
    from pipeline.run.work import _stage_functions, lexicon_for, load_taxonomy_cached

    _stage_functions()
    lexicon = lexicon_for(options)
    load_taxonomy_cached(options.taxonomy_text, options.rules_dirs)
    return rules_version(options.taxonomy_text, lexicon_version=lexicon.version), solieu_version()


def solieu_version() -> str:
    try:
        from importlib.metadata import version

        return version("solieu")
    except Exception:  # a checkout that was never installed
        return "unknown"
