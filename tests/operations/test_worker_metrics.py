"""`vestnik worker` with VESTNIK_WORKER_METRICS_ADDRESS serves its own /metrics, as the app
does and to whom the app does: a real worker process, scraped over HTTP."""

import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.commands import command, environment, free_port, run, running, shell, wait_for

TOKEN = "scrape-token"
# An enrichment job that fails in the worker (an id that is not one), counted there.
QUEUE_A_FAILING_JOB = (
    "from vestnik.newsroom.tasks import enrich_article_task;"
    "print(enrich_article_task.enqueue('не-номер').id)"
)


def get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""  # not listening yet


def failures(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "vestnik_task_failures_total" and sample.labels == {"kind": "enrichment"}
    )


def test_the_worker_serves_its_own_counters_to_whoever_has_the_token(tmp_path: Path):
    port = free_port()
    settings = {
        "VESTNIK_WORKER_METRICS_ADDRESS": f"127.0.0.1:{port}",
        "VESTNIK_METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),  # this worker's files only
    }
    run(tmp_path, "migrate", "-v", "0", **settings)
    shell(tmp_path, QUEUE_A_FAILING_JOB, **settings)
    log = tmp_path / "worker.log"
    url = f"http://127.0.0.1:{port}/metrics"
    with running(tmp_path, log, "worker", **settings):
        text = wait_for(
            lambda: (
                (reply := get(url, Authorization=f"Bearer {TOKEN}"))[0] == 200
                and failures(reply[1]) >= 1
                and reply[1]
            ),
            "the worker's /metrics to count the failed job",
            log.read_text,
        )
        assert get(url)[0] == 404  # no token: nothing, as from the app
        assert get(f"http://127.0.0.1:{port}/elsewhere", Authorization=f"Bearer {TOKEN}")[0] == 404
    assert "vestnik_queue_depth" in text and "vestnik_worker_heartbeat_age_seconds" in text


def test_the_worker_refuses_an_address_that_is_not_host_and_port(tmp_path: Path):
    result = subprocess.run(
        command("worker"),
        env=environment(tmp_path, VESTNIK_WORKER_METRICS_ADDRESS="9108"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "VESTNIK_WORKER_METRICS_ADDRESS=9108 — нужен адрес хост:порт" in result.stderr
    assert "Traceback" not in result.stderr
