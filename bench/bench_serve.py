"""`comments serve` under load, on localhost only: requests/s and latency at 1, 8, 32 and 64 concurrent clients.

Real comment texts from ../shared/eval/toxicity (read in place) go to
``POST /v1alpha1/comments:analyze`` with all six attributes, as a moderation client
sends them, one comment per request; each level is bounded by a number of requests and
by seconds. Beside it: the batch scorer's comments/s on the same texts (the toxicity
scorer the server uses, in one call, one process), and ``comments report``'s comments/s
on an export of them. Then one client sending comments of 280 to 320 characters: the
latency of a lone moderation request. The load generator (aiohttp, ``pip install
'.[bench]'``) runs in this process, on the same machine as the server: its CPU is
reported, since on a small machine it competes with the server's.

    .venv/bin/python bench/bench_serve.py                        # about 3 minutes
    .venv/bin/python bench/bench_serve.py --workers 2 --repeats 3
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp

from comments.run import run_report
from comments.score import default_scorers, score_texts
from comments.serve.perspective import ATTRIBUTE_COLUMNS
from comments.settings import ReportSettings, RunSettings, Settings

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "toxicity"
TICKS = os.sysconf("SC_CLK_TCK")


def comment_texts(limit: int, seed: int = 7) -> list[str]:
    texts: list[str] = []
    for path in sorted(SHARED.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
    texts = [t for t in dict.fromkeys(texts) if len(t.encode("utf-8")) <= 20_480]
    random.Random(seed).shuffle(texts)
    return texts[:limit]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User plus system CPU of a process and its finished children, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / TICKS


def start_server(port: int, workers: int, window: float) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "comments",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "-q",
            "--batch-window",
            str(window),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import urllib.request

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not start")


def server_cpu(process: subprocess.Popen[bytes]) -> float:
    total = cpu_seconds(process.pid)
    for child in Path(f"/proc/{process.pid}/task").glob("*/children"):
        total += sum(cpu_seconds(int(pid)) for pid in child.read_text().split())
    return total


async def load(url: str, bodies: list[bytes], clients: int, seconds: float) -> tuple[list[float], int, float]:
    """Latencies of the requests that succeeded, the number that failed, and the wall time."""
    latencies: list[float] = []
    failed = 0
    next_index = 0
    deadline = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=clients)
    headers = {"Content-Type": "application/json"}
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def client() -> None:
            nonlocal next_index, failed
            while next_index < len(bodies) and time.monotonic() < deadline:
                body = bodies[next_index]
                next_index += 1
                start = time.perf_counter()
                try:
                    async with session.post(url, data=body, headers=headers) as response:
                        await response.read()
                        ok = response.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - start)
                else:
                    failed += 1

        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        wall = time.perf_counter() - start
    return latencies, failed, wall


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def analyze_body(text: str) -> bytes:
    return json.dumps(
        {
            "comment": {"text": text},
            "requestedAttributes": {name: {} for name in ATTRIBUTE_COLUMNS},
            "languages": ["en"],
        }
    ).encode()


def timed(work: Callable[[], int]) -> tuple[float, float]:
    """Items per second of wall time and per second of this process's CPU."""
    wall, cpu = time.perf_counter(), time.process_time()
    n = work()
    return n / (time.perf_counter() - wall), n / (time.process_time() - cpu)


def batch_figures(texts: list[str]) -> list[tuple[str, float, float]]:
    """comments/s of the toxicity scorer alone, of all the report's scorers, and of `comments report` itself."""
    scorers = default_scorers()
    score_texts(texts[:50], scorers)  # load the models
    toxicity = [s for s in scorers if "toxicity" in s.columns]
    figures = [
        ("batch scorer, toxicity only (what comments:analyze runs)", *timed(lambda: len(score_texts(texts, toxicity)))),
        ("batch scorer, all the report's scorers", *timed(lambda: len(score_texts(texts, scorers)))),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "comments.jsonl"
        export.write_text("".join(json.dumps({"text": t, "article_id": i // 50}) + "\n" for i, t in enumerate(texts)))
        settings = Settings(report=ReportSettings(charts=False), run=RunSettings(jobs=1, progress=False))
        rates = timed(lambda: run_report([export], Path(tmp) / "out", settings).comments)
        figures.append(("comments report on an export of them, --jobs 1", *rates))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per level, at most (default 3000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds per level, at most (default 20)")
    parser.add_argument("--levels", default="1,8,32,64", help="concurrent clients (default 1,8,32,64)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (default 1)")
    parser.add_argument("--batch-window", type=float, default=2.0, metavar="MS", help="the server's (default 2)")
    parser.add_argument("--repeats", type=int, default=1, help="runs per level; medians are printed (default 1)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED}: not found; this bench reads the shared evaluation comments in place")
    load_at_start = os.getloadavg()[0]
    texts = comment_texts(args.requests)
    lengths = [len(t) for t in texts]
    print(f"texts: {len(texts):,} real comments from {SHARED}, median {statistics.median(lengths):.0f} characters")
    for name, rate, cpu_rate in batch_figures(texts):
        print(f"{name:56} {rate:7,.0f} comments/s ({1000 / cpu_rate:.2f} CPU ms a comment)")

    port = free_port()
    url = f"http://127.0.0.1:{port}/v1alpha1/comments:analyze"
    server = start_server(port, args.workers, args.batch_window)
    try:
        bodies = [analyze_body(t) for t in texts]
        print(f"\nserver: {args.workers} worker(s), batching window {args.batch_window:g} ms; six attributes a request")
        print("clients  requests  failed   req/s   p50 ms   p99 ms  server CPU ms/req  client CPU ms/req")
        for clients in [int(n) for n in args.levels.split(",")]:
            runs = []
            for _ in range(args.repeats):
                server_before, client_before = server_cpu(server), time.process_time()
                latencies, failed, wall = asyncio.run(load(url, bodies, clients, args.seconds))
                runs.append(
                    (
                        len(latencies) / wall,
                        percentile(latencies, 0.5) * 1000,
                        percentile(latencies, 0.99) * 1000,
                        len(latencies) + failed,
                        failed,
                        server_cpu(server) - server_before,
                        time.process_time() - client_before,
                    )
                )
            rate, p50, p99 = (statistics.median(r[i] for r in runs) for i in range(3))
            done, failed = sum(r[3] for r in runs), sum(r[4] for r in runs)
            server_s, client_s = (statistics.median(r[i] for r in runs) for i in (5, 6))
            per = 1000 * args.repeats / done if done else float("nan")
            print(f"{clients:7d}  {done:8,d}  {failed:6d}  {rate:6,.0f}  {p50:7.1f}  {p99:7.1f}", end="")
            print(f"  {server_s * per:17.2f}  {client_s * per:17.2f}")
        near_300 = [t for t in comment_texts(100_000) if 280 <= len(t) <= 320][:500]
        latencies, failed, _ = asyncio.run(load(url, [analyze_body(t) for t in near_300], 1, args.seconds))
        p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
        print(
            f"\none client, {len(near_300)} comments of 280-320 characters: p50 {p50:.1f} ms, p99 {p99:.1f} ms", end=""
        )
        print(f", {failed} failed")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"bench process peak RSS {usage.ru_maxrss / 1024:.0f} MB", end="; ")
    print(f"load average {load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
