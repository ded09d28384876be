"""gunicorn settings of the compose stack (`gunicorn -c deploy/gunicorn.conf.py csu.wsgi:application`)."""

import os

bind = "0.0.0.0:8000"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = 60
# Only the reverse proxy's address may set X-Forwarded-Proto/For (docker-compose.yml gives it a fixed address on
# the `edge` network; web publishes no port, so nothing else reaches it).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "172.30.0.10")
accesslog = "-"
# The access log masks calendar feed tokens (they are credentials carried in the URL path).
logger_class = "csu.redact.GunicornLogger"
