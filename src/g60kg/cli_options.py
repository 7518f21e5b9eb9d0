"""Options the ``g60kg`` commands share, so one name means one thing everywhere.

Each option name has one meaning across commands: ``--data`` is the RDF a
command reads, ``-o``/``--output`` where it writes, ``--format`` the form of
what it prints, ``--store`` a triple-store preset, ``--cache`` how answers are
kept between runs, ``--host``/``--port`` where a server listens, ``--param`` a
query parameter, ``--user`` and ``--password-env`` who a store is
asked as, ``--timeout`` the seconds a command waits before it gives
up. Commands take these decorators instead of repeating ``click.option``
calls, so the spelling, help and type cannot drift apart.

Choices come from the library's own tables (:class:`LibraryChoice`), read when
a command first needs them: importing the query engine or the validators for
their tables would slow ``g60kg --help`` and every other command's start.

Options renamed for consistency keep their old spelling for now
(:func:`renamed`): hidden from ``--help``, announced by one warning line.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from g60kg.errors import InputError

F = TypeVar("F", bound=Callable[..., Any])

#: What ``--format`` offers where a command prints a report: for people or machines.
REPORT_FORMATS = ("text", "json")


class LibraryChoice(click.Choice):
    """A choice among the values of library constants, imported on first use.

    ``LibraryChoice("g60kg.query.engine:ENGINES")`` offers exactly what the
    engine accepts; several tables are joined in order. The tables are read
    when click first asks (the command's ``--help`` or its parsing), never at
    ``import g60kg.cli``.
    """

    def __init__(self, *tables: str, legacy: Sequence[str] = ()) -> None:
        self._tables = tables
        self._legacy = tuple(legacy)
        super().__init__((), case_sensitive=True)

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        return _table_values(self._tables)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Accept the ``legacy`` tables' values too: values an option once took, not shown."""
        if isinstance(value, str) and value in _table_values(self._legacy):
            return value
        return super().convert(value, param, ctx)

    @choices.setter
    def choices(self, _value: Sequence[str]) -> None:
        """Ignore the empty tuple click's constructor stores: the tables are the truth."""


def _table_values(tables: Sequence[str]) -> tuple[str, ...]:
    values: list[str] = []
    for table in tables:
        module, _, name = table.partition(":")
        values.extend(getattr(importlib.import_module(module), name))
    return tuple(values)


def renamed(old: str, new: str) -> Callable[[F], F]:
    """Keep ``old``, the former spelling of the option ``new``, working for now.

    Put it directly above the decorator that adds ``new``. The old name takes
    the same values, is hidden from ``--help``, and when used prints one line,
    ``Warning: g60kg CMD OLD is deprecated, use NEW``, on stderr, then behaves
    exactly as ``new`` would. Given together, a repeatable option gets the
    values of both; any other option stops with exit code 2, since the two
    values would disagree.
    """

    def decorator(f: F) -> F:
        params = getattr(f, "__click_params__", [])
        canonical = next((p for p in params if isinstance(p, click.Option) and new in p.opts), None)
        if canonical is None or canonical.name is None:
            raise TypeError(f"@renamed({old!r}, {new!r}) must sit right above the {new} option")
        target = canonical.name
        dest = f"renamed_{target}"
        params.append(
            click.Option(
                [old, dest],
                type=canonical.type,
                multiple=canonical.multiple,
                metavar=canonical.metavar,
                hidden=True,
            )
        )

        @functools.wraps(f)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            value = kwargs.pop(dest)
            ctx = click.get_current_context()
            if ctx.get_parameter_source(dest) is not ParameterSource.COMMANDLINE:
                return f(*args, **kwargs)
            given_both = ctx.get_parameter_source(target) is ParameterSource.COMMANDLINE
            if given_both and not canonical.multiple:
                click.echo(f"Error: {old} is the old name of {new}: give {new} only", err=True)
                sys.exit(2)
            click.echo(f"Warning: {ctx.command_path} {old} is deprecated, use {new}", err=True)
            kwargs[target] = (*kwargs[target], *value) if canonical.multiple else value
            return f(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def output_dir_option(default: Path, help: str) -> Callable[[F], F]:
    """``-o``/``--output DIR``: the folder a command writes into."""
    return click.option(
        "-o",
        "--output",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=True,
        help=help,
    )


def output_file_option(
    help: str = "Write to FILE (atomically) instead of stdout.",
) -> Callable[[F], F]:
    """``-o``/``--output FILE``: the file a command writes its result into."""
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help=help
    )


def data_files_option(help: str, *, dir_okay: bool = True) -> Callable[[F], F]:
    """``--data FILE`` (repeatable): the RDF files a command reads.

    ``dir_okay=False`` lets click refuse a folder, for commands whose library
    call would not say so clearly itself.
    """
    return click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(dir_okay=dir_okay, path_type=Path),
        metavar="FILE",
        help=help,
    )


def report_format_option(help: str) -> Callable[[F], F]:
    """``--format text|json``: a report for people or for machines."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(REPORT_FORMATS),
        default=REPORT_FORMATS[0],
        show_default=True,
        help=help,
    )


def _positive_seconds(ctx: click.Context, _param: click.Parameter, value: float | None) -> Any:
    """Refuse a timeout of zero or less in one line, as the library does, not with click's usage."""
    if value is not None and not value > 0:
        click.echo(
            f"Error: --timeout must be a positive number of seconds, not {value:g}", err=True
        )
        ctx.exit(2)
    return value


def timeout_option(default: float | None, help: str) -> Callable[[F], F]:
    """``--timeout SECONDS``: how long a command waits before it gives up (exit 2)."""
    return click.option(
        "--timeout",
        type=float,
        default=default,
        show_default=default is not None,
        metavar="SECONDS",
        callback=_positive_seconds,
        help=help,
    )


user_option = click.option("--user", help="User name for HTTP authentication.")
password_env_option = click.option(
    "--password-env",
    metavar="VAR",
    help="Environment variable holding the password (never pass it on the command line).",
)
date_option = click.option(
    "--date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Publication date (YYYY-MM-DD), over what the article says.",
)
url_option = click.option("--url", help="The article's URL (schema:url), over what it says.")
reference_option = click.option(
    "--reference",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Table of verified Wikidata IDs [default: data/reference/wikidata-qids.tsv].",
)


def password_from_env(user: str | None, password_env: str | None) -> str | None:
    """The password ``--password-env`` names (None without ``--user``), never typed in."""
    import os

    if password_env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", password_env):
        # Perhaps the password itself, given by mistake: never print it.
        raise InputError(
            "--password-env takes the name of an environment variable (letters, digits "
            "and _), not a password; the value given is not shown"
        )
    if password_env and not user:
        raise InputError("--password-env needs --user")
    if not user:
        return None
    if password_env and password_env not in os.environ:
        raise InputError(f"environment variable {password_env} is not set")
    return os.environ.get(password_env or "", "") if password_env else ""
