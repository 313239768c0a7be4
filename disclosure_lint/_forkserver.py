"""Imported first by the forkserver that starts worker processes when the main process runs other
threads: Ctrl-C is the main process's to handle (it stops the workers), so the forkserver, and
every worker forked from it, ignore it from here on; and the workers start with the checker's
modules already imported."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

import disclosure_lint.pipeline  # noqa: E402, F401
