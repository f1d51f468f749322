"""A real server process, started by the Procfile's web command, for end-to-end tests."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_command(process: str, port: int) -> list[str]:
    """The Procfile's command for `process`, as the platform would run it."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == process:
            argv = shlex.split(command.replace("$PORT", str(port)))
            bin_dir = Path(sys.executable).parent  # the test interpreter's gunicorn
            return [str(bin_dir / argv[0]) if (bin_dir / argv[0]).exists() else argv[0], *argv[1:]]
    raise LookupError(f"no {process}: line in the Procfile")


class LiveServer:
    """The Procfile's web process on a fixed port; can be killed with SIGKILL and started again."""

    def __init__(
        self,
        data_dir: Path,
        mongo_uri: str | None,
        jwt_secret: str,
        extra_env: dict[str, str] | None = None,
        worker: str | None = None,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / f"server-{self.port}.log"
        self._env = {
            **os.environ,
            "APP_ENV": "test",
            "PORT": str(self.port),
            "DATA_DIR": str(data_dir),
            "JWT_SECRET": jwt_secret,
            "MONGO_DB_URI": mongo_uri or "",
            "RATELIMIT_ENABLED": "false",  # these tests are load tests too
            **(extra_env or {}),
        }
        self._command = procfile_command("web", self.port)
        if worker:  # the same command with another gunicorn worker class (e.g. gevent's)
            self._command[self._command.index("-k") + 1] = worker
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                self._command,
                cwd=ROOT,
                env=self._env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so kill() takes the workers too
            )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(self.url + "/api/auth/me", timeout=1).status_code == 401:
                    return
            except requests.RequestException:  # not listening yet, or still starting
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not ready in {timeout}s: {self.log_path.read_text()[-2000:]}")

    def kill(self) -> None:
        """kill -9 of every process of the server: no shutdown code runs."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def terminate(self, timeout: float = 30) -> float:
        """SIGTERM, as a platform does on a restart; seconds until the server had exited."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout)
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGQUIT)  # gunicorn's quick shutdown; no grace needed
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
