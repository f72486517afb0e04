"""Checking many drafts in parallel, in worker processes forked from this one.

A worker inherits the run's Toolkit as it stands (everything already loaded) and the list of
drafts; it is handed drafts by their place in that list, checks them one at a time, and sends
each report back without the answers' text, which the reporters do not need.

The pool belongs to one call and ends with it, however the call ends (the last result, Ctrl-C,
SIGTERM, an error): every worker is killed and reaped before the call returns or raises, so no
worker can be left blocked on a result nobody reads. A worker ignores Ctrl-C (the terminal sends
it to every process of the group; the parent decides) and exits when its parent's end of the
connection closes, the parent's death included."""

from __future__ import annotations

import gc
import os
import selectors
import signal
import socket
import traceback
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from checker.engine import Outcome, outcome_of, tracked, without_answer_text
from checker.errors import CheckerError, ConfigError, DraftError, NotADraft
from checker.model import wire
from checker.toolkit import Toolkit

Result = Outcome

_LENGTH = 8  # bytes of the length before each message
_IN_HAND = 2  # drafts given to a worker ahead, so it never waits for the parent between two
_NO_SIGNAL = getattr(socket, "MSG_NOSIGNAL", 0)  # a worker gone is an error here, not a SIGPIPE


def check_in_parallel(
    drafts: list[str], toolkit: Toolkit, jobs: int, progress: Callable[[int, int], None] | None
) -> list[Result]:
    """outcome_of for every draft, in `jobs` processes, results in the drafts' order."""
    if not hasattr(os, "fork"):
        return list(tracked((outcome_of(d, toolkit) for d in drafts), len(drafts), progress))
    workers: list[_Worker] = []
    try:
        for _ in range(min(jobs, len(drafts))):
            try:
                workers.append(_Worker.fork(drafts, toolkit, workers))
            except OSError:  # no more processes allowed: go on with those there are
                break
        if not workers:
            return list(tracked((outcome_of(d, toolkit) for d in drafts), len(drafts), progress))
        results = _run(workers, drafts, progress)
    finally:
        _stop(workers)
    return [
        (replace(report, rules=toolkit.settings_for(Path(path)).rules) if report is not None else None, error, note)
        for path, (report, error, note) in zip(drafts, results)
    ]


def _run(workers: list[_Worker], drafts: list[str], progress: Callable[[int, int], None] | None) -> list[Result]:
    results: dict[int, Result] = {}
    waiting = iter(range(len(drafts)))
    with selectors.DefaultSelector() as ready:
        for worker in workers:
            for _ in range(_IN_HAND):
                worker.give(next(waiting, None))
            ready.register(worker.connection, selectors.EVENT_READ, worker)
        while len(results) < len(drafts):
            if not ready.get_map():  # every worker gone, drafts left: nothing can come any more
                raise CheckerError("checker: the processes checking drafts ended unexpectedly; run with --jobs 1")
            for key, _ in ready.select():
                worker = key.data
                for index, outcome in worker.receive():
                    if isinstance(outcome, CheckerError):
                        raise outcome
                    if isinstance(outcome, str):  # a bug, with the worker's traceback
                        raise RuntimeError(f"checking {drafts[index]} failed in a worker process:\n{outcome}")
                    results[index] = outcome
                    if progress is not None:
                        progress(len(results), len(drafts))
                    worker.give(next(waiting, None))
                if worker.ended:
                    ready.unregister(worker.connection)
                    if worker.in_hand:
                        raise CheckerError(
                            f"{drafts[worker.in_hand[0]]}: the process checking it ended unexpectedly "
                            f"({worker.end_status()}); run again with --jobs 1 to check it on its own"
                        )
    return [results[i] for i in range(len(drafts))]


def _stop(workers: list[_Worker]) -> None:
    """Kill every worker, then reap each: killed first, so that a second Ctrl-C while reaping
    cannot leave one running."""
    for worker in workers:
        worker.kill()
    for worker in workers:
        worker.reap()


class _Worker:
    """The parent's side of one worker process: its pid, its end of the connection, the drafts in
    its hands and the bytes of a result not yet complete."""

    def __init__(self, pid: int, connection: socket.socket) -> None:
        self.pid = pid
        self.connection = connection
        self.in_hand: list[int] = []
        self.ended = False
        self.status: int | None = None
        self._buffer = b""

    @classmethod
    def fork(cls, drafts: list[str], toolkit: Toolkit, others: list[_Worker]) -> _Worker:
        parent_end, child_end = socket.socketpair()
        try:
            pid = os.fork()
        except OSError:
            parent_end.close()
            child_end.close()
            raise
        if pid == 0:  # the worker: it never returns into the caller's code
            code = 1
            try:
                parent_end.close()
                for other in others:  # or the other workers would not see their parent go
                    other.connection.close()
                _serve(drafts, toolkit, child_end)
                code = 0
            finally:
                os._exit(code)
        child_end.close()
        return cls(pid, parent_end)

    def give(self, index: int | None) -> None:
        if index is None:
            return
        try:
            self.connection.sendall(index.to_bytes(_LENGTH, "big"), _NO_SIGNAL)
        except OSError:  # the worker is gone; receive() finds out why
            pass
        self.in_hand.append(index)

    def receive(self) -> Iterator[tuple[int, Result | str | CheckerError]]:
        try:
            data = self.connection.recv(1 << 20)
        except OSError:
            data = b""
        if not data:
            self.ended = True
            return
        self._buffer += data
        while len(self._buffer) >= _LENGTH:
            size = int.from_bytes(self._buffer[:_LENGTH], "big")
            if len(self._buffer) < _LENGTH + size:
                break
            message, self._buffer = self._buffer[_LENGTH : _LENGTH + size], self._buffer[_LENGTH + size :]
            index, outcome = _from_wire(wire.loads(message))
            self.in_hand.remove(index)
            yield index, outcome

    def end_status(self) -> str:
        self.reap()
        status = self.status or 0
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            return f"killed by {signal.Signals(number).name}" + (", out of memory?" if number == 9 else "")
        return f"exit status {os.WEXITSTATUS(status)}"

    def kill(self) -> None:
        self.connection.close()
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def reap(self) -> None:
        if self.status is None:
            try:
                self.status = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:
                self.status = 0


def _serve(drafts: list[str], toolkit: Toolkit, connection: socket.socket) -> None:
    """The worker's loop: a draft's index in, its result out, until the parent closes its end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP", "SIGPIPE"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    # What a forked worker inherits is never garbage, and the collector walking it would copy
    # every shared page (6% of a batch's time, measured).
    gc.freeze()
    stream = connection.makefile("rb")
    while True:
        given = stream.read(_LENGTH)
        if len(given) < _LENGTH:
            return
        index = int.from_bytes(given, "big")
        outcome: Result | str | CheckerError
        try:
            report, error, note = outcome_of(drafts[index], toolkit)
            # The rules go back as the parent has them already (they hold compiled patterns).
            outcome = (replace(without_answer_text(report), rules=()) if report is not None else None, error, note)
        except CheckerError as expected:  # a project's rule or set found wanting: the parent says so, as with --jobs 1
            outcome = expected
        except Exception:  # a bug: the parent raises it, with this traceback
            outcome = traceback.format_exc()
        try:
            message = wire.dumps(_to_wire(index, outcome))
        except wire.WireError:  # a bug: a report holding something that is not a record
            message = wire.dumps(_to_wire(index, traceback.format_exc()))
        connection.sendall(len(message).to_bytes(_LENGTH, "big") + message)


def _to_wire(index: int, outcome: Result | str | CheckerError) -> list[Any]:
    """A worker's answer as plain data: an expected error travels as its kind and its problems."""
    if isinstance(outcome, CheckerError):
        problems = outcome.problems if isinstance(outcome, ConfigError) else [str(outcome)]
        return [index, type(outcome).__name__, problems]
    if isinstance(outcome, str):
        return [index, "bug", outcome]
    return [index, "result", outcome]


_ERRORS = {kind.__name__: kind for kind in (CheckerError, DraftError, NotADraft)}


def _from_wire(message: list[Any]) -> tuple[int, Result | str | CheckerError]:
    index, kind, value = message
    if kind in ("bug", "result"):
        return index, value
    if kind == "ConfigError":
        return index, ConfigError(value)
    return index, _ERRORS.get(kind, CheckerError)("\n".join(value))
