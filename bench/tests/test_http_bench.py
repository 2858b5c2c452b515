"""Smoke tests of the HTTP bench (bench/http_bench.py), so the script cannot silently rot.

No timing is asserted: wrk's output is parsed from a captured run, the URLs are built from the
demo in the test database and answer through the bench's URL map, the targets are evaluated on
made-up numbers, one gunicorn worker is started and stopped, and (when wrk is installed) wrk runs
for a second against a small local server.
"""

import http.server
import json
import os
import shutil
import threading

import pytest

from bench import http_bench
from bench.http_bench import CACHED, CEILING, NO_CACHE, Endpoint

# Captured: `wrk --latency --connections=16 --threads=2 --duration=2s --timeout=30s` against
# /api/products/ on the demo catalogue (Debian's wrk 4.1.0; gunicorn, 2 sync workers, on a busy
# machine). wrk leaves a space after a duration in seconds ("1.48s "), written \x20 here.
WRK_SAMPLE = """\
Running 2s test @ http://127.0.0.1:35861/api/products/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.47s   307.43ms   1.91s    64.29%
    Req/Sec    12.00      7.89    20.00     40.00%
  Latency Distribution
     50%    1.48s\x20
     75%    1.75s\x20
     90%    1.91s\x20
     99%    1.91s\x20
  14 requests in 2.01s, 96.48KB read
Requests/sec:      6.95
Transfer/sec:     47.93KB
"""


def test_wrk_output_is_parsed():
    numbers = http_bench.wrk_parse(WRK_SAMPLE)

    assert numbers == {
        "requests_per_s": 6.95,
        "requests": 14,
        "seconds": 2.01,
        "p50_ms": 1480.0,
        "p75_ms": 1750.0,
        "p90_ms": 1910.0,
        "p99_ms": 1910.0,
        "non_2xx": 0,
        "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    }


def test_wrk_units_non_2xx_and_socket_errors_are_read():
    output = (
        WRK_SAMPLE.replace("50%    1.48s", "50%  850.00us")
        .replace("99%    1.91s", "99%   95.50ms")
        .replace(
            "Requests/sec",
            "  Socket errors: connect 0, read 2, write 0, timeout 7\n"
            "  Non-2xx or 3xx responses: 3\nRequests/sec",
        )
    )

    numbers = http_bench.wrk_parse(output)

    assert numbers["p50_ms"] == 0.85
    assert numbers["p99_ms"] == 95.5
    assert numbers["non_2xx"] == 3
    assert numbers["socket_errors"] == {"connect": 0, "read": 2, "write": 0, "timeout": 7}


def test_wrk_output_without_the_latency_distribution_is_refused():
    without = "\n".join(line for line in WRK_SAMPLE.splitlines() if "%  " not in line)

    with pytest.raises(ValueError, match="--latency"):
        http_bench.wrk_parse(without)
    with pytest.raises(ValueError, match="not wrk"):
        http_bench.wrk_parse("wrk: command not found")


def _result(rps, p99=10.0, non_2xx=0):
    return {"requests_per_s": rps, "p50_ms": p99 / 2, "p99_ms": p99, "non_2xx": non_2xx}


def test_cached_targets_are_a_share_of_the_ceiling_and_a_p99():
    ceiling = _result(1000.0)
    page, api = Endpoint("home", "/en/"), Endpoint("api-products", "/api/products/")

    assert http_bench.target_evaluate(page, CACHED, _result(300.0), ceiling)["verdict"] == "PASS"
    assert http_bench.target_evaluate(api, CACHED, _result(300.0), ceiling)["verdict"] == "FAIL"
    assert http_bench.target_evaluate(api, CACHED, _result(500.0), ceiling)["verdict"] == "PASS"
    slow = http_bench.target_evaluate(page, CACHED, _result(900.0, p99=51.0), ceiling)
    assert slow["verdict"] == "FAIL"
    assert slow["ratio"] == 0.9
    assert "p99 51 ms" in slow["why"]
    errors = http_bench.target_evaluate(page, CACHED, _result(900.0, non_2xx=4), ceiling)
    assert (errors["verdict"], errors["why"]) == ("FAIL", "4 non-2xx")
    itself = http_bench.target_evaluate(
        Endpoint(CEILING, "/bench/minimal/"), CACHED, ceiling, ceiling
    )
    assert (itself["verdict"], itself["ratio"]) == ("-", 1.0)


def test_no_cache_targets_are_five_times_before():
    ceiling = _result(1000.0)
    home = Endpoint("home", "/en/")  # 16 req/s before

    assert http_bench.BEFORE_REQ_PER_S["home"] == 16.0
    assert http_bench.target_evaluate(home, NO_CACHE, _result(80.0), ceiling)["verdict"] == "PASS"
    short = http_bench.target_evaluate(home, NO_CACHE, _result(40.0), ceiling)
    assert (short["verdict"], short["why"], short["target"]) == (
        "FAIL",
        "2.5x before",
        ">=80 req/s (5x 16)",
    )
    unknown = Endpoint("api-categories", "/api/categories/tree/")  # no "before"
    assert http_bench.target_evaluate(unknown, NO_CACHE, _result(5.0), ceiling)["verdict"] == "-"
    missing = http_bench.target_evaluate(
        Endpoint("health-live", "/health/live/"), NO_CACHE, {"error": "HTTP 404"}, ceiling
    )
    assert (missing["verdict"], missing["why"]) == ("ERROR", "HTTP 404")


def test_rows_and_table_cover_both_modes(capsys):
    endpoints = [Endpoint(CEILING, "/bench/minimal/"), Endpoint("home", "/en/")]
    measured = {
        mode: {CEILING: _result(1000.0), "home": {**_result(400.0), "output": WRK_SAMPLE}}
        for mode in http_bench.MODES
    }

    rows = http_bench.rows_build(endpoints, measured)
    http_bench.print_table(
        {
            "config": {
                "workers": 2,
                "worker_class": "sync",
                "connections": 16,
                "threads": 2,
                "duration": "10s",
                "warmup": "2s",
            },
            "machine": {"cpu_count": 2, "load_before": [1.0, 1.0, 1.0], "load_after": [2, 2, 2]},
            "catalogue": {"products": 70},
            "database": "postgresql nexus_httpbench",
            "rows": rows,
        }
    )

    assert [(row["mode"], row["name"]) for row in rows] == [
        (CACHED, CEILING),
        (CACHED, "home"),
        (NO_CACHE, CEILING),
        (NO_CACHE, "home"),
    ]
    assert all("output" not in row for row in rows)
    json.dumps(rows)
    out = capsys.readouterr().out
    assert "/en/" in out and "PASS" in out and "Reported, not asserted" in out


def test_without_wrk_the_script_says_so_in_one_line(monkeypatch, capsys):
    monkeypatch.setattr(http_bench.shutil, "which", lambda name: None)

    assert http_bench.main([]) == 2
    out = capsys.readouterr().out.strip()
    assert out.startswith("wrk not found") and "\n" not in out


def test_bench_settings_serve_the_bench_urls_with_the_projects_middleware():
    from django.conf import settings

    from bench import settings as bench_settings

    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert bench_settings.MIDDLEWARE == settings.MIDDLEWARE


@pytest.mark.django_db
def test_minimal_view_answers_through_the_middleware_and_404s_keep_their_format(client, settings):
    settings.ROOT_URLCONF = "bench.urls"

    response = client.get("/bench/minimal/")
    missing = client.get("/api/no-such-endpoint/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["X-Frame-Options"]  # the middleware stack ran
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


@pytest.mark.django_db
def test_endpoints_come_from_the_demo_and_answer(client, settings):
    settings.ROOT_URLCONF = "bench.urls"

    endpoints = http_bench.endpoints_build()

    names = [endpoint.name for endpoint in endpoints]
    assert names[0] == CEILING
    assert len(set(names)) == len(names)
    assert set(http_bench.BEFORE_REQ_PER_S) <= set(names)
    word = endpoints[-1].path.rsplit("=", 1)[1]
    assert http_bench._demo_products().filter(title__icontains=word).count() >= 2
    # Health answers depend on the services configured; every other URL answers 200 directly.
    for endpoint in endpoints:
        if endpoint.name.startswith("health"):
            continue
        response = client.get(endpoint.path)
        assert response.status_code == 200, (endpoint, response.status_code)


def test_gunicorn_starts_answers_and_stops_with_its_workers(tmp_path):
    env = http_bench.server_environment(
        database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}",  # the minimal view reads none
        redis_url="",
        static_root=str(tmp_path),
        cache_seconds="0",
    )
    server = http_bench.Server(env=env, log_path=tmp_path / "gunicorn.log", workers=1)
    try:
        server.start()
        pid = server.process.pid
        assert http_bench.http_status(server.base_url + "/bench/minimal/") == 200
    finally:
        server.stop()
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)  # the master and its worker are gone


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (apt-get install wrk)")
def test_wrk_runs_and_its_output_is_read():
    class Ok(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/" else 404)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((http_bench.HOST, 0), Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://{http_bench.HOST}:{server.server_address[1]}"
    try:
        ok = http_bench.wrk_run(base + "/", connections=2, threads=1, duration="1s", timeout="5s")
        missing = http_bench.wrk_run(
            base + "/missing", connections=1, threads=1, duration="1s", timeout="5s"
        )
    finally:
        server.shutdown()
        server.server_close()

    assert ok["requests"] > 0 and ok["requests_per_s"] > 0
    assert ok["p99_ms"] >= ok["p50_ms"] > 0
    assert ok["non_2xx"] == 0
    assert "Latency Distribution" in ok["output"]
    assert missing["non_2xx"] == missing["requests"] > 0
