"""Which networks a channel can be on: a name and the dotted path of its client class.

A client module that is missing (not installed, or cut from a build) just takes its network out
of the channel form's choices; nothing else breaks.
"""

from django.utils.module_loading import import_string

from .networks import Credentials, Network

__all__ = ["NETWORKS", "available_networks", "network_client"]

NETWORKS: dict[str, tuple[str, str]] = {
    "telegram": ("Telegram", "vestnik.distribution.telegram.Telegram"),
    "vk": ("ВКонтакте", "vestnik.distribution.vk.Vk"),
}


def client_class(name: str) -> type | None:
    try:
        found: type = import_string(NETWORKS[name][1])
    except (ImportError, KeyError):
        return None
    return found


def available_networks() -> list[tuple[str, str]]:
    """(name, label) of each network whose client is importable, for the form's choices."""
    return [(name, label) for name, (label, _path) in NETWORKS.items() if client_class(name)]


def network_client(name: str, credentials: Credentials) -> Network:
    client = client_class(name)
    if client is None:
        raise LookupError(f"нет клиента для сети «{name}»")
    network: Network = client(credentials)
    return network
