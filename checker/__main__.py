"""`checker` and `python -m checker`: the command line, ending cleanly on a signal from its first
instant. Until checker.cli is loaded and sets its own handlers (checker.cli._signals), nothing has
been read or written, so Ctrl-C, SIGTERM or SIGHUP simply end it, in one line rather than with a
traceback from the middle of an import."""

from __future__ import annotations

import os
import signal


def stopped_message(number: int) -> str:
    """The one line that says a signal ended the run."""
    name = "Ctrl-C" if number == signal.SIGINT else signal.Signals(number).name
    return f"checker: stopped by {name}; no file was left half-written"


def main() -> None:
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        # One ignored already stays ignored: nohup, or a shell's background job, asked for that.
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            line = (stopped_message(number) + "\n").encode()  # made now: the handler imports nothing

            def stop_now(signum: int, frame: object, line: bytes = line) -> None:
                os.write(2, line)
                os._exit(128 + signum)

            signal.signal(number, stop_now)
    from checker.cli import main as command_line

    command_line()


if __name__ == "__main__":
    main()
