"""Logging to standard output, where gunicorn, systemd and container runtimes collect it."""

import logging
import sys


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stdout`` is when a record is emitted.

    A handler that kept the stream it was built with would write into a closed file once a test
    runner or a server swaps standard output after logging is configured.
    """

    def __init__(self):
        super().__init__(sys.stdout)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value):
        pass  # always the current sys.stdout
