"""Fetching an instructor's link without letting it reach inside our network.

Only http(s); every address a host resolves to, at the first request and at every redirect,
must be a public one (no private, loopback, link-local or cloud-metadata address), and the
connection goes to the address that was checked, so a name that re-resolves elsewhere between
check and connect gets nowhere. Size, time and content type are capped.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver

MAX_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 20.0  # the whole fetch, redirects included
MAX_REDIRECTS = 5
# What a link may be, by its content type, and the file kind it is read as.
TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


class FetchRefused(Exception):
    """The link was not fetched; the message says why, in words for the instructor."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where it ended up, after redirects
    suffix: str  # ".html", ".pdf", ...
    data: bytes


def _public(address: str, allow_loopback: bool) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if allow_loopback and ip.is_loopback:
        return True
    return ip.is_global and not ip.is_multicast


class _CheckedResolver(AbstractResolver):
    """Resolves a name and refuses it if any of its addresses is not public."""

    def __init__(self, allow_loopback: bool) -> None:
        self.allow_loopback = allow_loopback

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[dict]:
        return [
            {
                "hostname": host,
                "host": address,
                "port": port,
                "family": fam,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
            for fam, address in await addresses(host, port, self.allow_loopback)
        ]

    async def close(self) -> None:
        pass


async def addresses(host: str, port: int, allow_loopback: bool) -> list[tuple[int, str]]:
    """Every address `host` resolves to, if all are public; FetchRefused otherwise."""
    loop = asyncio.get_running_loop()
    try:
        found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(f"the name {host} does not resolve") from None
    result = []
    for family, _, _, _, sockaddr in found:
        if not _public(sockaddr[0], allow_loopback):
            raise FetchRefused(
                f"{host} is a private, loopback, link-local or metadata address; "
                "only public web addresses are fetched"
            )
        result.append((family, sockaddr[0]))
    return result


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused("only http:// and https:// links can be added")
    if parts.username or parts.password:
        raise FetchRefused("links with a user name or password are not fetched")
    return url


async def fetch(url: str, *, allow_loopback: bool = False) -> Fetched:
    """The link's bytes and kind; FetchRefused with the reason otherwise. `allow_loopback` is
    for tests only (their servers listen on 127.0.0.1)."""
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            return await _fetch(url, allow_loopback)
    except TimeoutError:
        raise FetchRefused(f"the link took longer than {TIMEOUT_SECONDS:.0f} s") from None
    except aiohttp.ClientError as problem:
        raise FetchRefused(f"the link could not be fetched ({type(problem).__name__})") from None


async def _fetch(url: str, allow_loopback: bool) -> Fetched:
    connector = aiohttp.TCPConnector(resolver=_CheckedResolver(allow_loopback), use_dns_cache=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        for _ in range(MAX_REDIRECTS + 1):
            url = _checked_url(url)
            parts = urlsplit(url)
            # A literal address never reaches the resolver: check it here too.
            await addresses(parts.hostname, parts.port or 0, allow_loopback)
            async with session.get(url, allow_redirects=False) as response:
                if response.status in (301, 302, 303, 307, 308):
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                if response.status != 200:
                    raise FetchRefused(f"the link answered HTTP {response.status}")
                return await _body(str(response.url), response)
    raise FetchRefused(f"the link redirected more than {MAX_REDIRECTS} times")


async def _body(url: str, response: aiohttp.ClientResponse) -> Fetched:
    kind = response.content_type.lower()
    suffix = TYPES.get(kind)
    if suffix is None:
        raise FetchRefused(f"the link is {kind or 'of no stated type'}, not a web page or document")
    if (response.content_length or 0) > MAX_BYTES:
        raise FetchRefused(f"the link is larger than {MAX_BYTES // 2**20} MB")
    data = bytearray()
    async for chunk in response.content.iter_chunked(65536):
        data += chunk
        if len(data) > MAX_BYTES:
            raise FetchRefused(f"the link is larger than {MAX_BYTES // 2**20} MB")
    return Fetched(url, suffix, bytes(data))
