"""A click group that imports a command's module only when that command is needed.

Defining every command costs the start of every command: ``g60kg`` has a dozen
commands and about ninety options, and click looks up a translation for some of
their texts as it makes them; defining them all made ``import g60kg.cli``
4.9 ms of a ``g60kg query`` that starts in about 85, against 2.2 ms now for
the group and the query command (benchmarks/README.md). A :class:`LazyGroup` knows
its commands as ``"module:attribute"`` names with their one-line summaries
(:class:`LazyCommand`): ``g60kg --help`` lists them from the summaries, and a
command's module is imported when the command runs, shows its own help, or is
looked up in :attr:`click.Group.commands` (which stays a mapping of every
command, as click and the tests that walk it expect).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from gettext import gettext as _
from typing import Any

import click
from click.utils import make_default_short_help


class LazyCommand:
    """Where a command is defined, and what ``--help`` of its group says of it.

    ``summary`` is the first paragraph of the command's docstring, whitespace
    collapsed (a test holds the two equal); the group's help shortens it to
    the line as click would shorten the docstring. A plain class: a named
    tuple costs 0.1-0.2 ms to make, on every start.
    """

    __slots__ = ("summary", "target")

    def __init__(self, target: str, summary: str) -> None:
        #: ``"package.module:attribute"``, the click command that attribute holds.
        self.target = target
        self.summary = summary

    def load(self) -> click.Command:
        """Import the module and return the command."""
        module, _colon, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name: those of the table are imported when first looked up.

    Names, membership and length never import anything; ``commands[name]``
    and ``commands.get(name)`` import that command's module only; ``items()``
    and ``values()`` import every one. Commands added later (``add_command``)
    are kept as given.
    """

    def __init__(self, table: Mapping[str, LazyCommand]) -> None:
        self.table = dict(table)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            command = self._loaded[name] = self.table[name].load()
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self.table.pop(name, None)
        self._loaded.pop(name, None)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        """``commands[name]`` for a known name, else ``default`` (click's ``get_command``).

        Not Mapping's ``get``, which would turn a KeyError raised while
        importing the command's module into "No such command".
        """
        if name not in self:
            return default
        return self[name]

    def __contains__(self, name: object) -> bool:
        return name in self.table or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        yield from self.table
        yield from (name for name in self._loaded if name not in self.table)

    def __len__(self) -> int:
        return len(self.table.keys() | self._loaded.keys())


class LazyGroup(click.Group):
    """A :class:`click.Group` whose commands come from a table of :class:`LazyCommand`.

    Pass the table as ``lazy=`` (``@click.group(cls=LazyGroup, lazy={...})``).
    Looking up, listing and running commands is click's own code over
    :class:`LazyCommands`; only the group's ``--help`` differs, listing the
    table's commands by their summaries instead of importing them. A command
    of the table cannot be hidden from that list.
    """

    commands: LazyCommands

    def __init__(
        self, name: str | None = None, *, lazy: Mapping[str, LazyCommand], **attrs: Any
    ) -> None:
        super().__init__(name, commands=LazyCommands(lazy), **attrs)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The ``Commands:`` section of ``--help``, as click writes it, without any import."""
        table = self.commands.table
        shown: list[tuple[str, click.Command | None]] = []
        for name in self.list_commands(ctx):
            if name in table:
                shown.append((name, None))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                shown.append((name, command))
        if not shown:
            return
        # As click's Group.format_commands: three times the default spacing.
        limit = formatter.width - 6 - max(len(name) for name, _command in shown)
        rows = [
            (
                name,
                command.get_short_help_str(limit)
                if command is not None
                else make_default_short_help(table[name].summary, limit),
            )
            for name, command in shown
        ]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)
