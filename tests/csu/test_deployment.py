import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_is_valid_offline():
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    result = subprocess.run(
        [exe, "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_exactly_one_beat():
    text = (ROOT / "docker-compose.yml").read_text()
    assert text.count("celery -A csu beat") == 1


def _compose() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_dockerignore_keeps_secrets_and_local_data_out_of_the_image():
    lines = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    for pattern in (".env", "var/", ".venv/", ".git/", "node_modules/", ".pytest_cache/", "deploy/certs/"):
        assert pattern in lines, pattern


def test_only_the_proxy_is_published_and_the_only_trusted_forwarder():
    services = _compose()["services"]
    assert "ports" not in services["web"]
    assert [s for s, spec in services.items() if spec.get("ports")] == ["proxy"]
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert any(v.startswith("./deploy/certs:") for v in proxy["volumes"])
    proxy_ip = proxy["networks"]["edge"]["ipv4_address"]
    assert services["web"]["environment"]["FORWARDED_ALLOW_IPS"] == proxy_ip
    assert "gunicorn -c deploy/gunicorn.conf.py" in services["web"]["command"]
    config = {}
    exec(compile((ROOT / "deploy" / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), config)  # noqa: S102
    assert config["logger_class"] == "csu.redact.GunicornLogger"


def test_nginx_terminates_tls_limits_bodies_and_overwrites_forwarded_headers():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "client_max_body_size 12m;" in conf
    assert "listen 443 ssl;" in conf and "ssl_certificate     /etc/nginx/certs/csu.crt;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "return 301 https://" in conf
    # The access log never writes the raw request line (a feed token is in the path).
    log_format = conf[conf.index("log_format") : conf.index("access_log")]
    assert "$request " not in log_format and "$request_uri" not in log_format and "$csu_logged_uri" in log_format


def test_gunicorn_access_log_and_django_logs_mask_feed_tokens():
    import datetime as dt
    import logging
    from types import SimpleNamespace

    from gunicorn.config import Config

    from csu.redact import GunicornLogger, RedactFilter

    secret = "s3cr3t-Token_value"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/events/feed/{secret}.ics?kind=drill",
        "PATH_INFO": f"/events/feed/{secret}.ics",
        "QUERY_STRING": "kind=drill",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "172.30.0.10",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    logger = GunicornLogger(Config())
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, dt.timedelta(seconds=1))
    line = Config().access_log_format % atoms
    assert secret not in line and "/events/feed/[redacted].ics?kind=drill" in line
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Not Found: %s", (environ["PATH_INFO"],), None)
    RedactFilter().filter(record)
    assert secret not in record.getMessage()
    # gunicorn's own error line for a request that failed ("Error handling request <path>").
    error = logging.LogRecord(
        "gunicorn.error", logging.ERROR, "", 0, "Error handling request %s", (environ["RAW_URI"],), None
    )
    assert all(f.filter(error) for f in logger.error_log.filters)
    assert secret not in error.getMessage()
