"""How the commands read their command line: click's parser, without a wasted import.

click tries every option word as a long option first, and when it is not one
builds a ``NoSuchOption`` with the close matches, from :mod:`difflib`, before
trying it as short options. For a word with one dash (``-e``, ``-o``,
``-f``) the exception is then dropped unread, but ``import difflib`` (about
2 ms, heapq with it) was paid by every ``g60kg query -e ...``.
:class:`Command` skips the close matches for such words only: what is
parsed, and every message, stays click's; a mistyped ``--option`` still gets
its "Did you mean" suggestions.
"""

from __future__ import annotations

from typing import Any

import click
from click.exceptions import NoSuchOption


class Command(click.Command):
    """A :class:`click.Command` whose parser looks up a one-dash word as short options at once."""

    def make_parser(self, ctx: click.Context) -> Any:
        parser = super().make_parser(ctx)
        match_long = getattr(parser, "_match_long_opt", None)
        long_options = getattr(parser, "_long_opt", None)
        prefixes = getattr(parser, "_opt_prefixes", None)
        if match_long is None or long_options is None or prefixes is None:
            return parser  # another click: its own parser, unchanged

        def match_long_opt(opt: str, explicit_value: str | None, state: Any) -> None:
            # click calls this for every option word, and for one not a long
            # option whose first two characters are not a prefix ("-e", not
            # "--e") catches the NoSuchOption and reads short options instead.
            if opt not in long_options and opt[:2] not in prefixes:
                raise NoSuchOption(opt, ctx=ctx)
            match_long(opt, explicit_value, state)

        parser._match_long_opt = match_long_opt
        return parser
