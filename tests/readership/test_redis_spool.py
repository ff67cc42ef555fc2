"""With the page cache in Redis (several app servers), the reads and the day's salt are there
too: every server shares them, and the salt expires with its day (Redis DB 9)."""

from datetime import date

import pytest

from vestnik.readership.spools import Read, RedisSpool, get_spool

REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def spool(settings):
    import os

    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.VESTNIK_PAGE_CACHE = {
        "default": {
            "BACKEND": "vestnik.pagecache.stores.RedisStore",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"prefix": f"vestnik-test-reads-{os.getpid()}-", "ttl": 600},
        }
    }
    chosen = get_spool()
    yield chosen
    for key in chosen.redis.scan_iter(match=f"vestnik-test-reads-{os.getpid()}-*"):
        chosen.redis.delete(key)
    get_spool.cache_clear()


def test_reads_of_two_servers_are_taken_once(spool):
    assert isinstance(spool, RedisSpool)
    other = RedisSpool(REDIS_URL, prefix=spool.key.removesuffix("reads"))
    day = date(2026, 12, 5)
    spool.append([Read(day, 1, "a"), Read(day, 2, "b")])
    other.append([Read(day, 1, "c")])
    assert sorted(spool.take()) == [Read(day, 1, "a"), Read(day, 1, "c"), Read(day, 2, "b")]
    assert other.take() == []


def test_the_days_salt_is_shared_and_expires_with_the_day(spool):
    other = RedisSpool(REDIS_URL, prefix=spool.key.removesuffix("reads"))
    day = date(2026, 12, 5)
    salt = spool.salt(day, seconds_left=3600)
    assert other.salt(day, seconds_left=3600) == salt
    assert spool.salt(date(2026, 12, 6), seconds_left=86400) != salt
    ttl = spool.redis.ttl(f"{spool.salt_prefix}{day.isoformat()}")
    assert 3600 < ttl <= 3600 + 600
