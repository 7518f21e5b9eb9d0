"""How a command stops on bad input or Ctrl-C: one line on stderr and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from g60kg.errors import InputError


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn library InputErrors, and the system's refusals, into one line and exit code 2.

    An OSError that reaches here (a full disk, an output folder one may not
    write) is the machine saying no, not a bug: the user needs its reason and
    the file, not a traceback. Outputs are staged, so nothing was half-written.
    """
    try:
        yield
    except InputError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
        sys.exit(2)


@contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C: one line and exit 130 at once, without waiting for a query's worker thread.

    ``os._exit`` after flushing: a query abandoned in native code (see
    ``g60kg.query.engine.stream_in_worker``) must not hold the exit.
    """
    import os

    try:
        yield
    except KeyboardInterrupt:
        click.echo("Error: interrupted", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
