"""HTTP pieces that ``g60kg load`` and ``g60kg query --endpoint`` share.

Both talk to a SPARQL store over httpx and owe the user the same things: a
URL checked before any request, messages that name the URL without its user
info and say in words why a connection failed, credentials that never reach
a log, and authentication that works with the stores as they are (Basic,
then Digest from the first challenge on, as Virtuoso asks).
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from collections.abc import Generator
from dataclasses import dataclass, field

import httpx

from g60kg.errors import InputError


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials; ``repr`` hides the password so it never reaches a log."""

    user: str
    password: str = field(repr=False)


def safe_url(url: str) -> str:
    """The URL without user info, fit for a message."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def describe(exc: BaseException) -> str:
    """Why a connection failed, in words: the system's reason behind httpx's exception."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, ConnectionResetError | BrokenPipeError):
        return "connection closed by the store"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "connection closed by the store"
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def first_line(answer: bytes) -> str:
    """The store's reason, on one line: the first line of text, or of an HTML page the last.

    Error pages (Virtuoso's, for one) put the reason after a generic heading.
    """
    text = answer.decode("utf-8", errors="replace").strip()
    if text.lstrip().startswith("<"):
        lines = [
            re.sub(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^>]*)?/?>|<!DOCTYPE[^>]*>", "", line).strip()
            for line in text.splitlines()
        ]
        lines = [line for line in lines if line]
        return lines[-1][:200] if lines else ""
    return text.splitlines()[0][:200] if text else ""


def check_url(url: str, option: str = "--endpoint") -> str:
    """``url`` if it is an http(s) URL with a host and a valid port; else an InputError.

    ``urllib`` raises ValueError for a port over 65535 or an unclosed ``[``
    only when the port or host is first read; checking here turns those into
    one line naming the option.
    """
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise InputError(f"{option} {printable_url(url)}: not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise InputError(f"{option} {printable_url(url)}: not an http(s) URL")
    if not host:
        raise InputError(f"{option} {printable_url(url)}: no host name")
    if port == 0:
        raise InputError(f"{option} {printable_url(url)}: port 0 is not a port one can reach")
    return url


def printable_url(url: str) -> str:
    """A URL for a message: user info dropped where it can be found, control characters escaped."""
    shown = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", r"\1", url)
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)


class BasicThenDigest(httpx.Auth):
    """Basic authentication first; Digest (RFC 7616) when the store refuses Basic.

    Virtuoso answers a Basic attempt with a bare 401 and challenges only a
    request without credentials, so after a refusal the request is sent once
    without them to read the challenge; httpx's DigestAuth then answers it.
    A store that challenges for Basic only gets its 401 back. The body must
    be bytes (it may be sent three times).
    """

    def __init__(self, credentials: Credentials) -> None:
        token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
        self._basic = f"Basic {token}"
        self._digest = httpx.DigestAuth(credentials.user, credentials.password)
        self._use_digest = False

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if not self._use_digest:
            request.headers["Authorization"] = self._basic
            response = yield request
            if response.status_code != 401:
                return
            request.headers.pop("Authorization", None)
            self._use_digest = True
        yield from self._digest.auth_flow(request)
