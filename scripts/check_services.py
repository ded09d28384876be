"""Say in one line which service `make test` needs is not reachable, and how to start it."""

import socket
import sys
from urllib.parse import urlparse

HOW = {
    "PostgreSQL": "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": "start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no",
}


def reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=3).close()
    except OSError:
        return False
    return True


def main() -> int:
    pg_url, redis_url = sys.argv[1], sys.argv[2]
    ok = True
    for name, url, port in (("PostgreSQL", pg_url, 5432), ("Redis", redis_url, 6379)):
        if not reachable(url, port):
            parsed = urlparse(url)
            print(f"{name} is not reachable at {parsed.hostname}:{parsed.port or port}; {HOW[name]}")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
