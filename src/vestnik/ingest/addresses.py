"""Which network addresses a fetch may reach: the public internet, and inside the server's
own network only the hosts an administrator allowed for a source.

An address in an item (a picture, a redirect) is written by the feed's author; without
this rule a feed could make the server send requests to its own loopback, link-local
(cloud metadata at 169.254.169.254) or private neighbours. Nothing here imports Django.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import Final

__all__ = ["is_internal", "parse_allowance", "permitted"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits.
_HOST_NAME: Final[re.Pattern[str]] = re.compile(r"([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.?)+")
_NAT64: Final[ipaddress.IPv6Network] = ipaddress.IPv6Network("64:ff9b::/96")


def is_internal(address: str) -> bool:
    """True for any address that is not plainly on the public internet.

    >>> [is_internal(a) for a in ("127.0.0.1", "::ffff:10.0.0.1", "0.0.0.0", "93.184.216.34")]
    [True, True, True, False]
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return any(not one.is_global or one.is_multicast for one in _embedded(ip))


def _embedded(ip: IPAddress) -> list[IPAddress]:
    """The address and every IPv4 address an IPv6 one carries inside it."""
    found: list[IPAddress] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            found.append(ip.ipv4_mapped)
        if ip.sixtofour:
            found.append(ip.sixtofour)
        if ip.teredo:
            found.extend(ip.teredo)
        if ip in _NAT64:
            found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def parse_allowance(text: str) -> frozenset[str]:
    """The entries of «Разрешённые внутренние адреса»: host names, addresses or networks,
    one per line or separated by commas. Raises ``ValueError`` naming a bad entry.

    >>> sorted(parse_allowance("Intranet.local, 10.1.0.0/16"))
    ['10.1.0.0/16', 'intranet.local']
    """
    entries = frozenset(
        entry.strip().strip("[]").lower()
        for entry in text.replace(",", "\n").split()
        if entry.strip()
    )
    for entry in entries:
        if not _is_network(entry) and not _HOST_NAME.fullmatch(entry):
            raise ValueError(entry)
    return entries


def permitted(host: str, address: str, allowed: Iterable[str]) -> bool:
    """May a request to ``host``, resolved to ``address``, go out? Public addresses always;
    internal ones only when the host name or an allowed address or network covers it."""
    if not is_internal(address):
        return True
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    for entry in allowed:
        if entry == host.lower().rstrip("."):
            return True
        if _is_network(entry) and any(
            one in ipaddress.ip_network(entry, strict=False)
            for one in _embedded(ip)
            if one.version == ipaddress.ip_network(entry, strict=False).version
        ):
            return True
    return False


def _is_network(entry: str) -> bool:
    try:
        ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False
    return True
