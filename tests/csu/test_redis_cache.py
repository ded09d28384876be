"""The production cache backend (csu.redis_cache) against the real Redis: what csu.cache and {% cache %} use."""

import uuid

from csu.redis_cache import RedisCache
from tests.conftest import redis_url


def test_the_redis_backend_keeps_reads_and_counts_with_one_client():
    backend = RedisCache(redis_url(), {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        assert backend.get("missing", "default") == "default"
        backend.set("rows", [{"school": "Alpha"}], 60)
        assert backend.get("rows") == [{"school": "Alpha"}]
        assert backend.add("version", 5, None) and not backend.add("version", 9, None)
        assert backend.incr("version") == 6
        assert backend.get_many(["rows", "version"]) == {"rows": [{"school": "Alpha"}], "version": 6}
        backend.delete("rows")
        assert backend.get("rows") is None
        client = backend._cache.get_client()
        assert backend._cache.get_client(write=True) is client  # one client for the one server, kept
    finally:
        backend.delete_many(["rows", "version"])  # not clear(): the database is the Celery tests' broker too
