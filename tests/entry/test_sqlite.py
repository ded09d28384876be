"""The embedded default (SQLite) under two simultaneous writers: WAL, a busy timeout, writers from the start."""

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("sqlite_two_writers.py")


def test_two_simultaneous_saves_on_sqlite(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'csu.sqlite3'}", "DEBUG": "1", "ENV_FILE": ""}
    env.pop("TEST_BROKER_URL", None)
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["journal_mode"] == "wal"
    # The same form sent twice at once: both answered with a redirect (no 500), one drill.
    assert result["same_key"] == [302, 302] and result["drills"] == 1
    # Two different sessions saved at the same moment: both succeed (no "database is locked").
    assert result["two_sessions"] == [302, 302] and result["sessions"] == 2
