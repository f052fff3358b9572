"""The reader's terminal driver: Textual's Linux driver, made to survive a hostile terminal.

- Input that is not UTF-8 (a Latin-1 terminal typing "é", 8-bit Meta) is decoded with U+FFFD in
  its place: Textual's strict incremental decoder ended the app with a UnicodeDecodeError.
- A terminal that went away without a SIGHUP reaching us (input at EOF or failing with EIO, or
  the output thread dead on a failed write) ends the app as a hang-up would: Textual's input loop
  spun at full CPU on an input at EOF, for hours.
- SIGTERM and SIGHUP end the app through its normal exit (marks flushed, alternate screen left,
  mouse tracking off), with status 128 + the signal. A SIGHUP ignored when the app started (nohup)
  stays ignored.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import time
from codecs import getincrementaldecoder

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

TERMINAL_GONE_STATUS = 128 + signal.SIGHUP  # as if the hang-up had reached us
POLL = 0.1  # seconds between checks of the exit event while no key comes


def _wait(parser: XTermParser) -> float:
    """How long to wait for input: until the parser's escape wait ends when it has one. Textual
    waits 0.1 s between looks, so a lone Escape (held back ESCDELAY, 0.1 s, in case a sequence
    follows) was reported 0.1 to 0.2 s after the key, often the latter."""
    deadline = getattr(parser, "_timeout_time", None)  # Textual's parser: when it gives up
    if deadline is None:
        return POLL
    return min(POLL, max(0.0, deadline - time.monotonic()))


class ReaderDriver(LinuxDriver):
    """LinuxDriver with tolerant input decoding, dead-terminal detection and exit signals."""

    _gone = False

    def start_application_mode(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            if sig == signal.SIGHUP and signal.getsignal(sig) == signal.SIG_IGN:
                continue  # nohup: the user asked to outlive the terminal
            with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
                self._loop.add_signal_handler(sig, self._end, 128 + sig)
        super().start_application_mode()

    def _end(self, status: int) -> None:
        """On the event loop: leave through the app's normal exit."""
        self._app.exit(return_code=status)

    def _terminal_gone(self) -> None:
        """From any thread: stop writing to the dead terminal and end the app."""
        if self._gone:
            return
        self._gone = True
        with contextlib.suppress(RuntimeError):  # the loop already closed
            self._loop.call_soon_threadsafe(self._end, TERMINAL_GONE_STATUS)

    def write(self, data: str) -> None:
        if self._gone:
            return
        writer = self._writer_thread
        if writer is not None and writer.ident is not None and not writer.is_alive():
            self._terminal_gone()  # the output thread died on a failed write (EIO)
            return
        super().write(data)

    def flush(self) -> None:
        if not self._gone:
            super().flush()

    def close(self) -> None:
        writer = self._writer_thread
        if self._gone and writer is not None and not writer.is_alive():
            return  # its queue may be full and nobody would ever empty it
        super().close()

    def run_input_thread(self) -> None:
        """Textual's input loop, with a tolerant decoder and an end at EOF or EIO."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        try:
            while not self.exit_event.is_set():
                if selector.select(_wait(parser)):
                    try:
                        data = os.read(self.fileno, 4096)
                    except OSError:  # EIO: the terminal was closed
                        data = b""
                    if not data:
                        self._terminal_gone()
                        return
                    text = decode(data)
                    # A lone UTF-8 lead byte decodes to nothing yet: feeding "" would tell the
                    # parser the input ended, and the next key would raise ParseError.
                    for event in parser.feed(text) if text else ():
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass
