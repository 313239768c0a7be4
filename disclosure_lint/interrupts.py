"""Ctrl-C, at whatever moment it comes, ends a run with the report so far and exit 130.

Python raises KeyboardInterrupt wherever the main thread happens to be, which left worker
start-ups half done (a traceback from the forkserver), a result counted but not written, or an
import half run. So Ctrl-C is *held* (noted, not lost) where stopping would leave things half
done, and raised as soon as the section ends:

- start-up, from the first line of the command until the run's loop can report an interrupt
  (`hold_from_start` ... `release_start`);
- a worker process being started (its forkserver, exec'd from this thread, inherits the blocked
  signal and never sees Ctrl-C; a Python handler would not survive the exec);
- one result being added to the summary and every output.

Holding is done twice over: the main thread blocks SIGINT (so do the children it starts), and a
Python handler notes a SIGINT that another thread of this process received instead."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import NoReturn

EXIT_INTERRUPTED = 130
_SIGINT = {signal.SIGINT}
_CAN_BLOCK = hasattr(signal, "pthread_sigmask")


# Set by the handler that raises KeyboardInterrupt: Python drops an exception raised where it is
# only "ignored" (a weakref callback of the import system, a __del__), and with it the Ctrl-C; the
# run then reads the flag and still ends as interrupted.
_SEEN = threading.Event()


def _raise(signum, frame) -> None:
    _SEEN.set()
    raise KeyboardInterrupt


def _quiet_dropped_interrupt(unraisable) -> None:
    """Where Python drops the KeyboardInterrupt (a weakref callback, a __del__) it prints "Exception
    ignored in ..." with a traceback; the Ctrl-C is noted in _SEEN and the run reports it in its one
    line, so that print is only noise. Every other unraisable exception is printed as before."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt) and _SEEN.is_set():
        return
    _previous_hook(unraisable)


_previous_hook = sys.unraisablehook


def seen() -> bool:
    """A Ctrl-C reached this process since its run's loop began, whether or not it surfaced."""
    return _SEEN.is_set()


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def hold_from_start() -> None:
    """Block Ctrl-C in the main thread until `release_start`; called first thing by the command."""
    if _CAN_BLOCK and _in_main_thread():
        signal.pthread_sigmask(signal.SIG_BLOCK, _SIGINT)


def release_start() -> None:
    """Let a Ctrl-C held since start-up be raised here, where the run can report it."""
    if _in_main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _raise)
        sys.unraisablehook = _quiet_dropped_interrupt
    if _CAN_BLOCK and _in_main_thread():
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGINT)


@contextlib.contextmanager
def held(swallow: bool = False) -> Iterator[list[int]]:
    """Ctrl-C held back during the block and raised (as KeyboardInterrupt) when it ends; with
    `swallow`, only noted in the list the block gets, for a caller that reports it itself."""
    noted: list[int] = []
    if not _in_main_thread():
        yield noted
        return
    blocked = _CAN_BLOCK and signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, _SIGINT)
    previous = signal.signal(signal.SIGINT, lambda signum, frame: noted.append(signum))
    try:
        yield noted
    finally:
        if blocked and signal.SIGINT in signal.sigpending():
            signal.sigwait(_SIGINT)  # taken here, so that unblocking does not deliver it again
            noted.append(signal.SIGINT)
        signal.signal(signal.SIGINT, previous)
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGINT)
        if noted and not swallow and previous is not signal.SIG_IGN:
            if callable(previous) and previous not in (signal.default_int_handler, _raise):
                previous(signal.SIGINT, None)  # an enclosing hold notes it
            else:
                _raise(signal.SIGINT, None)


def ignore_from_now() -> None:
    """The run is over and reported: a late Ctrl-C must not turn the exit into a traceback."""
    if _in_main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        release_start()


def say_interrupted() -> int:
    """The one line an interrupt leaves on stderr when no report could be written."""
    sys.stderr.write("disclosure-lint: error: interrupted before anything was checked or reported\n")
    return EXIT_INTERRUPTED


def exit_now(code: int) -> NoReturn:
    """End an interrupted run with `code`, once its report is written and its workers stopped.
    The interpreter's own shutdown after a Ctrl-C it had seen sometimes ended the process with
    SIGINT instead (exit -2, about one run in 40 on a busy machine, after every atexit handler had
    run), which a CI job or a shell reads as a different outcome than 130."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
