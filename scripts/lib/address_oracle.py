"""The old daemon's addressing, recomputed independently of the tool for the scripts that check it
(soak, bench, the replay engine) and for bench's docker-py peer: hashlib.md5 of the container name,
its first three bytes as the last three 16-bit groups, or the explicit suffix label. Shared so that
every checker agrees."""
import hashlib

SUFFIX_LABEL = "ipv6.mapper.suffix"


def suffix_value(name, labels):
    """The host suffix of container `name` with `labels`, as an integer."""
    explicit = labels.get(SUFFIX_LABEL)
    if explicit:
        value = 0
        for group in explicit.lstrip(":").split(":"):
            value = value << 16 | int(group, 16)
        return value
    parts = name.split(".")
    hashed = ".".join(parts[:2]) if len(parts) == 3 else name
    digest = hashlib.md5(hashed.encode()).digest()
    return digest[0] << 32 | digest[1] << 16 | digest[2]
