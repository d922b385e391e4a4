"""Which addresses a link checker may connect to.

A pull request chooses the URLs CI requests, so by default nothing but the public internet
is reachable: private, loopback, link-local (cloud metadata), multicast, reserved and
unspecified addresses are refused unless the user allows a range with `--allow-network`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Parse CIDR ranges (a bare address is a /32 or /128); raises ValueError."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)


@dataclass(frozen=True)
class AddressPolicy:
    allowed: tuple[IPNetwork, ...] = ()

    def refusal(self, address: str) -> str | None:
        """Why connecting to this IP address is refused, or None when it is allowed."""
        try:
            ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return f"{address} is not an IP address"
        if self._allows(ip):
            return None
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            # An IPv4 address in IPv6 clothing goes where the IPv4 address goes.
            ip = embedded
            if self._allows(ip):
                return None
        if ip.is_loopback:
            kind = "loopback"
        elif ip.is_link_local:
            kind = "link-local (cloud metadata)"
        elif ip.is_multicast:
            kind = "multicast"
        elif ip.is_unspecified:
            kind = "unspecified"
        elif ip.is_private or ip.is_reserved or not ip.is_global:
            kind = "private"
        else:
            return None
        return f"{kind} address {ip} refused (allow it with --allow-network)"

    def _allows(self, ip: IPAddress) -> bool:
        return any(ip in network for network in self.allowed if network.version == ip.version)


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # DNS64/NAT64: the last 32 bits are IPv4


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour
