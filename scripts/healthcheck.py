"""Container healthcheck (docker-compose `web`): GET /health/ on this container, exit 0 only on 200.

It sends a Host header Django accepts (the first of ALLOWED_HOSTS), so that the check passes with production
settings; /health/ is exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT).
"""

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0].lstrip(".") if hosts and hosts[0] != "*" else "localhost"
    url = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/health/")
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310  (a fixed local http URL)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310  # nosec B310
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        print(f"/health/ answered {exc.code}: {exc.read()[:300]!r}")
    except OSError as exc:
        print(f"/health/ unreachable: {exc}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
