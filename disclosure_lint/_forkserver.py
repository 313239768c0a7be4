"""Imported first by the forkserver that starts worker processes when the main process runs other
threads: Ctrl-C is the main process's to handle (it stops the workers), so the forkserver, and
every worker forked from it, ignore it from here on; and the workers start with the checker's
modules already imported. (Until this runs the signal is blocked: the main process started the
forkserver with Ctrl-C held, and a blocked signal, unlike a Python handler, survives exec.)"""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
if hasattr(signal, "pthread_sigmask"):  # blocked by the parent while it started this process
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

import disclosure_lint.pipeline  # noqa: E402, F401
