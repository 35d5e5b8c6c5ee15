"""The few Redis commands the shared store sends (GET, SET with EX and NX, GETDEL, DEL), spoken
over Redis's wire protocol (RESP2) on one connection per thread.

Why not redis-py: importing it costs each worker ~7 MB of memory (its asyncio client, cluster
and observability modules load with it) and ~40 us of CPU per command, for five commands.
URLs as redis-py reads them: ``redis://[[user]:password@]host[:port][/db]``, ``rediss://`` (TLS)
and ``unix:///path/to/socket[?db=N]``."""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

TIMEOUT_SECONDS = 5.0


class RedisError(Exception):
    """Redis answered with an error."""


class RedisUnavailable(ConnectionError):
    """Redis could not be reached, or the connection broke."""


@dataclass(frozen=True)
class RedisAddress:
    host: str | None
    port: int
    unix_path: str | None
    tls: bool
    db: int
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> RedisAddress:
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss", "unix"):
            raise ValueError(f"not a Redis URL: {url!r}")
        query = parse_qs(parts.query)
        path = parts.path.lstrip("/")
        if parts.scheme == "unix":
            db = int(query.get("db", ["0"])[0])
        else:
            db = int(path or query.get("db", ["0"])[0])
        return cls(
            host=None if parts.scheme == "unix" else (parts.hostname or "localhost"),
            port=parts.port or 6379,
            unix_path=parts.path if parts.scheme == "unix" else None,
            tls=parts.scheme == "rediss",
            db=db,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


class _Connection:
    def __init__(self, address: RedisAddress) -> None:
        if address.unix_path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(TIMEOUT_SECONDS)
            sock.connect(address.unix_path)
        else:
            sock = socket.create_connection((address.host, address.port), TIMEOUT_SECONDS)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if address.tls:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=address.host)
        self.sock = sock
        self.reader = sock.makefile("rb")
        if address.password:
            auth = [address.username, address.password] if address.username else [address.password]
            self.command("AUTH", *auth)
        if address.db:
            self.command("SELECT", str(address.db))

    def command(self, *args: str | bytes):
        return self.pipeline([args])[0]

    def pipeline(self, commands) -> list:
        """Send every command, then read every reply: one round trip. A reply that is an error
        is raised after all replies are read, so the connection stays usable."""
        out = []
        for args in commands:
            out.append(b"*%d\r\n" % len(args))
            for arg in args:
                data = arg.encode() if isinstance(arg, str) else arg
                out.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.sock.sendall(b"".join(out))
        replies, error = [], None
        for _ in commands:
            try:
                replies.append(self._reply())
            except RedisError as refused:
                error = error or refused
                replies.append(None)
        if error:
            raise error
        return replies

    def _reply(self):
        line = self.reader.readline()
        if not line.endswith(b"\r\n"):
            raise RedisUnavailable("Redis closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest
        if kind == b"-":
            raise RedisError(rest.decode(errors="replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            size = int(rest)
            if size < 0:
                return None
            data = self.reader.read(size + 2)
            if len(data) != size + 2:
                raise RedisUnavailable("Redis closed the connection")
            return data[:-2]
        if kind == b"*":
            size = int(rest)
            return None if size < 0 else [self._reply() for _ in range(size)]
        raise RedisUnavailable(f"unexpected reply from Redis: {line[:40]!r}")

    def close(self) -> None:
        try:
            self.reader.close()
            self.sock.close()
        except OSError:
            pass


class RedisClient:
    """One connection per thread, opened on first use; a broken connection is opened again once
    per command (so a Redis restart costs no request an error)."""

    def __init__(self, url: str) -> None:
        self.address = RedisAddress.from_url(url)
        self._local = threading.local()

    def command(self, *args: str | bytes):
        return self.pipeline([args])[0]

    def pipeline(self, commands) -> list:
        """Several commands in one round trip; their replies in order."""
        for attempt in (1, 2):
            connection = getattr(self._local, "connection", None)
            try:
                if connection is None:
                    connection = self._local.connection = _Connection(self.address)
                return connection.pipeline(commands)
            except (OSError, RedisUnavailable) as error:
                if connection is not None:
                    connection.close()
                self._local.connection = None
                if attempt == 2:
                    raise RedisUnavailable(f"Redis unavailable: {error}") from error
        raise AssertionError("unreachable")

    def get(self, key: str) -> bytes | None:
        return self.command("GET", key)

    def set(self, key: str, value: str, ex: int | None = None, nx: bool = False) -> bool:
        args = ["SET", key, value]
        if ex:
            args += ["EX", str(ex)]
        if nx:
            args.append("NX")
        return self.command(*args) is not None

    def getdel(self, key: str) -> bytes | None:
        return self.command("GETDEL", key)

    def delete(self, key: str) -> None:
        self.command("DEL", key)
