"""Work shared by forked worker processes, which nothing ever stops from outside.

multiprocessing's `Pool` stops its workers on a failure with SIGTERM; a worker stopped while it sends a result
leaves half a message in the pipe, and the pool's result thread then waits for the rest forever (seen: a
build on a full disk that never ended; `Pool.terminate` with a worker sending a large result hangs within a
few hundred tries). Here:

- every task number is in a pipe before any worker starts; a worker takes the next (tasks leave the pipe in
  order), does it, and sends its answer on a pipe of its own; the parent, alone with no threads, reads the
  answers and yields them in task order;
- to stop (a task failed, the user pressed Ctrl-C, the caller stopped reading) the parent takes the tasks
  left out of the pipe itself and waits for the workers to finish the one in hand: no signal, no half-written
  file or message. Workers ignore SIGINT, which a terminal sends to them all: the parent decides;
- a worker that dies (the kernel's OOM killer) is a clear error, not a wait for a result that will not come;
- a worker leaves after a number of tasks and a fresh one, forked from the parent, takes its place: a worker's
  copy of the parent's objects grows as it touches them (reference counts are writes), and none should end
  up with a copy of a whole large site.

For a process running no threads (the command line): a forked child of one that does may deadlock.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import pickle
import selectors
import signal
import struct
import termios
import traceback
from typing import Callable, Iterator, TypeVar

R = TypeVar("R")

_TASK = struct.Struct("<i")
_HEAD = struct.Struct("<iiq")  # task, failed (0 or 1), length of the pickle that follows
_MOST_TASKS = 4_000  # task numbers written at once, 4 bytes each: less than any pipe holds (16 KiB or more)


class RemoteTraceback(Exception):
    """Where a task failed in its worker: the cause of the error re-raised in the parent."""

    def __str__(self) -> str:
        return "\n" + self.args[0] if self.args else ""


def forked_map(work: Callable[[range], R], items: int, workers: int, *, chunk: int = 64,
               tasks_each: int | None = 64, start: Callable[[], None] | None = None,
               what: str = "worker") -> Iterator[R]:
    """Yield `work(r)` for consecutive ranges `r` of `chunk` items covering `range(items)`, in order, each
    computed in one of `workers` forked processes (`start()` first in each, if given), each of which does
    `tasks_each` ranges at most (None: as many as there are) before a fresh one takes its place.

    An error raised by `work` is raised here at its place in the order, with the worker's traceback as its
    cause, once the tasks before it are yielded and the workers have stopped; a worker that dies raises
    `ChildProcessError` (`what` names the workers in its message).
    """
    if items <= 0:
        return
    chunk = max(chunk, -(-items // _MOST_TASKS))
    count = -(-items // chunk)
    tasks, feed = os.pipe()
    try:
        _write_all(feed, b"".join(_TASK.pack(i) for i in range(count)))
    finally:
        os.close(feed)  # before any fork: once the tasks are taken, a worker reading finds the end
    run = _Run(work, items, chunk, tasks_each, start, tasks, what)
    try:
        for _ in range(min(workers, count)):
            run.fork()
        yield from run.answers(count)
    finally:
        try:
            run.stop()
        finally:
            run.selector.close()
            os.close(tasks)


class _Child:
    __slots__ = ("pid", "fd", "buffer")

    def __init__(self, pid: int, fd: int):
        self.pid = pid
        self.fd = fd
        self.buffer = bytearray()


class _Run:
    def __init__(self, work, items, chunk, tasks_each, start, tasks, what):
        self.work = work
        self.items = items
        self.chunk = chunk
        self.tasks_each = tasks_each
        self.start = start
        self.tasks = tasks
        self.what = what
        self.children: dict[int, _Child] = {}
        self.selector = selectors.DefaultSelector()
        self.got: dict[int, tuple[int, bytes]] = {}
        self.stopped = False
        self.died: int | None = None  # how the first worker that died ended (`os.waitstatus_to_exitcode`)

    def fork(self) -> None:
        answers, send = os.pipe()
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # till the worker ignores it
        try:
            pid = os.fork()
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(answers)
            os.close(send)
            raise
        if pid == 0:  # the worker: serve, and leave without running anything of the parent's
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                os.close(answers)
                for child in self.children.values():
                    os.close(child.fd)  # only the parent reads a worker's answers: a parent gone is a broken pipe
                _serve(self.work, self.items, self.chunk, self.tasks_each, self.start, self.tasks, send)
                code = 0
            finally:
                os._exit(code)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C meanwhile arrives now
        os.close(send)
        child = _Child(pid, answers)
        self.children[pid] = child
        self.selector.register(answers, selectors.EVENT_READ, child)

    def answers(self, count: int) -> Iterator:
        got = self.got
        for task in range(count):
            while task not in got:
                if not self.selector.get_map():  # no worker left to send it
                    raise ChildProcessError(self._lost())
                self._read()
            failed, data = got.pop(task)
            if failed:
                exc, text = pickle.loads(data)
                raise exc from RemoteTraceback(text)
            yield pickle.loads(data)

    def _read(self) -> None:
        for key, _ in self.selector.select():
            child = key.data
            data = os.read(child.fd, 1 << 16)  # what a pipe holds
            if data:
                self._take(child, data)
            else:
                self._ended(child)

    def _take(self, child: _Child, data: bytes) -> None:
        buffer = child.buffer
        buffer += data
        at, size = 0, len(buffer)
        while size - at >= _HEAD.size:
            task, failed, length = _HEAD.unpack_from(buffer, at)
            end = at + _HEAD.size + length
            if end > size:
                break
            self.got[task] = (failed, bytes(buffer[at + _HEAD.size:end]))
            at = end
            if failed:
                self._drain()  # no more tasks begun: the build stops as soon as the ones in hand are done
        del buffer[:at]

    def _ended(self, child: _Child) -> None:
        self.selector.unregister(child.fd)
        os.close(child.fd)
        _, status = os.waitpid(child.pid, 0)
        del self.children[child.pid]
        if status != 0 or child.buffer:  # it died: the task in hand is lost
            if self.died is None:
                self.died = os.waitstatus_to_exitcode(status)
            self._drain()
        elif not self.stopped and _waiting(self.tasks):
            self.fork()  # it did its share of tasks: a fresh worker takes its place

    def _drain(self) -> None:
        """Take the tasks no worker has begun out of the pipe: each worker ends after the one in hand."""
        while os.read(self.tasks, 1 << 16):
            pass
        self.stopped = True

    def stop(self) -> None:
        """Let the workers finish the tasks in hand and wait for them (their answers are not wanted)."""
        self._drain()
        while self.selector.get_map():
            self._read()
        for pid in self.children:  # left by an interrupt in `_ended`
            os.waitpid(pid, 0)
        self.children.clear()
        self.got.clear()

    def _lost(self) -> str:
        code = self.died
        if code is not None and code < 0:
            try:
                how = f": killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f": killed by signal {-code}"
        else:
            how = f": exit code {code}" if code is not None else ""
        hint = " (the system may have run out of memory)" if code == -signal.SIGKILL else ""
        return f"a {self.what} process stopped before its work was done{how}{hint}"


def _serve(work, items: int, chunk: int, tasks_each: int | None, start, tasks: int, send: int) -> None:
    """In a worker: take tasks until there are none left, `tasks_each` are done or one fails; send each
    answer."""
    failure = None
    if start is not None:
        try:
            start()
        except Exception as exc:
            failure = exc  # each task taken answers with it
    for _ in itertools.repeat(None) if tasks_each is None else range(tasks_each):
        raw = os.read(tasks, _TASK.size)
        if len(raw) < _TASK.size:
            return  # no tasks left
        task, = _TASK.unpack(raw)
        try:
            if failure is not None:
                raise failure
            data, failed = pickle.dumps(work(range(task * chunk, min(items, (task + 1) * chunk))), -1), 0
        except Exception as exc:
            data, failed = _error(exc), 1
        _write_all(send, _HEAD.pack(task, failed, len(data)) + data)
        if failed:
            return  # the build stops: no task is begun after a failure, whatever the parent is doing meanwhile


def _error(exc: Exception) -> bytes:
    """The pickle of (the error, its traceback's text); one the parent could not unpickle (its class takes
    other arguments than it keeps) goes as a RuntimeError naming it."""
    text = "".join(traceback.format_exception(exc))
    try:
        data = pickle.dumps((exc, text), -1)
        pickle.loads(data)
        return data
    except Exception:
        return pickle.dumps((RuntimeError(f"{type(exc).__name__}: {exc}"), text), -1)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _waiting(fd: int) -> bool:
    """Return True when the pipe `fd` reads from holds tasks no worker has taken yet."""
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0] > 0
