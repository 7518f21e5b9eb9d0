"""``g60kg serve``: the graph as a SPARQL endpoint on this machine until Ctrl-C."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from g60kg.cli_options import (
    renamed,
    timeout_option,
)
from g60kg.commands.exits import user_errors
from g60kg.commands.parsing import Command


@click.command("serve", cls=Command)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@renamed("--bind", "--host")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on, without the port (default: loopback only).",
)
@click.option("--port", type=int, default=7878, show_default=True, help="TCP port (1-65535).")
@click.option(
    "--writable",
    is_flag=True,
    help="Allow SPARQL Update and Graph Store writes (from this server's own pages or "
    "non-browser clients; cross-origin writes are always refused).",
)
@click.option(
    "--read-only",
    is_flag=True,
    help="Accepted for compatibility: read-only is the default.",
)
@timeout_option(30.0, "Stop a query after this long (the server is restarted if it does not stop).")
@click.option(
    "--allow-service",
    is_flag=True,
    help="Allow SERVICE clauses (outbound HTTP requests from the server).",
)
@click.option(
    "--location",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep the store in DIR (reused while it still is the build); default: a temporary one.",
)
def serve_command(
    files: tuple[Path, ...],
    host: str,
    port: int,
    writable: bool,
    read_only: bool,
    timeout: float,
    allow_service: bool,
    location: Path | None,
) -> None:
    """Serve FILES as a SPARQL 1.1 endpoint until Ctrl-C.

    Default FILES: build/g60kg.trig (one graph per article) if it exists, else
    build/g60kg.ttl. Queries see the union of all graphs. By default the
    endpoint is read-only, makes no outbound requests (SERVICE and LOAD are
    refused), listens on loopback only and stops a query after 30 s.
    """
    from g60kg.paths import DEFAULT_BUILD_DIR
    from g60kg.stores.serve import default_files, start

    def log(message: str) -> None:
        click.echo(message, err=True)

    with user_errors():
        server = start(
            list(files) or default_files(DEFAULT_BUILD_DIR),
            bind=host,
            port=port,
            writable=writable,
            read_only=read_only or None,
            location=location,
            timeout=timeout,
            allow_service=allow_service,
            log=log,
        )

    def announce() -> None:
        click.echo(f"SPARQL query endpoint: {server.query_url}")
        mode = "read-write (--writable)" if writable else "read-only"
        service = "SERVICE allowed" if allow_service else "no outbound requests"
        click.echo(
            f"{mode}, {service}, queries stopped after {timeout:g} s. "
            f"Stop with Ctrl-C. Store: {server.location}",
            err=True,
        )

    sys.exit(server.wait(announce))
