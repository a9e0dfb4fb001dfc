"""`comments serve`: the real server on a free localhost port, spoken to over sockets, as Coral Talk and scripts do."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import json
import math
import os
import posixpath
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from comments.analyze import analyze_pages
from comments.cli import main
from comments.parse import parse_file
from comments.run import run_report
from comments.score import default_scorers
from comments.serve import exposure_warning
from comments.serve.perspective import ATTRIBUTE_COLUMNS
from comments.serve.server import settings_from_json, settings_to_json
from comments.settings import AnalyzeSettings, ReportSettings, RunSettings, ScoreSettings, ServeSettings, Settings
from tests.conftest import SHARED

#: a word that must never reach the server's log, sent in good and bad requests alike
MARKER = "zebracrossing7731"
KEY = "s3cret-key-for-tests"
#: texts scored here and by `comments report`: markup, braces, percent, dollars, emoji, a long comment
TEXTS = [
    "Great piece, thanks for writing it.",
    "You are a stupid idiot and everyone here knows it.",
    "<b>Bold</b> claim: {braces} and 100% of $5 bills are fake?! 🙄",
    "I'll find where you live.",
    "Ok.",
    " ".join(
        f"Sentence {i} of a long comment says the council was {'wrong' if i % 3 else 'right, you fools'}."
        for i in range(40)
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`python -m comments serve` on a free port, its log in a file; stopped with SIGTERM."""

    def __init__(self, tmp: Path, *args: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"serve-{self.port}.log"
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "comments", "serve", "--port", str(self.port), *args],
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the server did not start:\n{self.log.read_text()}")
            time.sleep(0.2)

    def stop(self) -> bool:
        """SIGTERM; True when the server stopped cleanly (uvicorn re-raises the signal once it has shut down)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=60)
        self._log_file.close()
        return code in (0, -signal.SIGTERM)


@pytest.fixture(scope="module")
def tmp_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve")


@pytest.fixture(scope="module")
def server(tmp_module: Path) -> Iterator[Server]:
    """The default scorers, a feedback file, a small body limit and a short body timeout."""
    running = Server(
        tmp_module, "--feedback", str(tmp_module / "feedback.sqlite"), "--max-body", "65536", "--body-timeout", "2"
    )
    yield running
    assert running.stop()
    log = running.log.read_text()
    assert MARKER not in log, "comment text reached the log"


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as session:
        yield session


def _analyze(client: httpx.Client, body: Any, **params: str) -> httpx.Response:
    return client.post("/v1alpha1/comments:analyze", params=params, json=body)


def _error(response: httpx.Response, status: int, reason: str = "INVALID_ARGUMENT") -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == status and error["status"] == reason
    return str(error["message"])


def test_coral_talks_exact_request_is_read_as_coral_reads_it(server: Server) -> None:
    # server/src/core/server/services/perspective/perspective.ts: the endpoint an admin configures, path.join'ed
    # with the operation, ?key= set, this JSON body; phases/toxic.ts reads attributeScores[model].summaryScore.value
    endpoint = f"{server.url}/v1alpha1"
    model, threshold = "TOXICITY", 0.8  # Coral's defaults
    scores = {}
    for text in ("You are a stupid idiot and everyone here knows it.", "Thanks, this was a useful article."):
        parts = urlsplit(endpoint)
        url = f"{parts.scheme}://{parts.netloc}{posixpath.normpath(parts.path + '/comments:analyze')}?key=anything"
        body = json.dumps(
            {"comment": {"text": text}, "doNotStore": True, "requestedAttributes": {model: {}}, "languages": ["en"]}
        )
        response = httpx.post(url, content=body, headers={"Content-Type": "application/json"}, timeout=30)
        assert response.status_code == 200
        data = response.json()
        scores[text] = data["attributeScores"][model]["summaryScore"]["value"]
        assert data["attributeScores"][model]["summaryScore"]["type"] == "PROBABILITY"
        assert list(data["attributeScores"]) == [model]
        assert data["languages"] == ["en"]
    toxic, civil = scores.values()
    assert toxic > threshold > civil


def test_coral_suggestscore_is_stored_only_with_a_feedback_file_and_not_with_do_not_store(
    server: Server, client: httpx.Client, tmp_module: Path
) -> None:
    def suggest(comment_id: str, approved: bool, **extra: Any) -> httpx.Response:
        body = {
            "comment": {"text": f"Moderated comment {comment_id}"},
            "context": {"entries": [{"text": json.dumps({"url": "https://news.example/a?commentID=" + comment_id})}]},
            "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0 if approved else 1}}},
            "languages": ["en"],
            "communityId": "Coral:https://news.example",
            "clientToken": f"comment:{comment_id}",
            **extra,
        }
        return client.post("/v1alpha1/comments:suggestscore", params={"key": "k"}, json=body)

    first = suggest("c1", approved=False)
    assert first.status_code == 200 and first.json() == {"clientToken": "comment:c1"}
    assert suggest("c2", approved=True, doNotStore=True).status_code == 200
    with sqlite3.connect(tmp_module / "feedback.sqlite") as db:
        rows = db.execute(
            "SELECT attribute, suggested, model_score, scorer, text, community_id, client_token FROM feedback"
        ).fetchall()
    assert len(rows) == 1  # c2 said doNotStore
    attribute, suggested, model_score, scorer, text, community, token = rows[0]
    assert (attribute, suggested, scorer, text) == ("TOXICITY", 1.0, "news", "Moderated comment c1")
    assert (community, token) == ("Coral:https://news.example", "comment:c1")
    assert 0 <= model_score <= 1
    assert (tmp_module / "feedback.sqlite").stat().st_mode & 0o077 == 0  # comment text: owner only


def test_all_six_attributes_with_span_scores_and_a_client_token(client: httpx.Client) -> None:
    text = "You are a moron. The bus lane plan is sensible. I hope someone hurts you!"
    body = {
        "comment": {"text": text},
        "requestedAttributes": {name: {} for name in ATTRIBUTE_COLUMNS},
        "spanAnnotations": True,
        "clientToken": "token-42",
    }
    data = _analyze(client, body).json()
    assert set(data["attributeScores"]) == set(ATTRIBUTE_COLUMNS)
    assert data["clientToken"] == "token-42"
    assert data["languages"] == ["en"] and data["detectedLanguages"] == ["en"]  # comments.score.language
    sentences = ["You are a moron.", "The bus lane plan is sensible.", "I hope someone hurts you!"]
    for name, scores in data["attributeScores"].items():
        spans = scores["spanScores"]
        assert [text[s["begin"] : s["end"]] for s in spans] == sentences, name
        assert all(0 <= s["score"]["value"] <= 1 and s["score"]["type"] == "PROBABILITY" for s in spans)
    toxicity = [s["score"]["value"] for s in data["attributeScores"]["TOXICITY"]["spanScores"]]
    assert toxicity[0] > toxicity[1] and toxicity[2] > toxicity[1]
    threat = [s["score"]["value"] for s in data["attributeScores"]["THREAT"]["spanScores"]]
    assert threat.index(max(threat)) == 2
    # a span is scored as the report scores that sentence on its own
    (alone,) = client.post("/v1/score", json={"texts": [sentences[0]]}).json()["results"]
    assert toxicity[0] == pytest.approx(alone["toxicity"], abs=1e-6)


def test_a_text_in_another_language_is_scored_in_the_language_the_request_names(client: httpx.Client) -> None:
    # Coral sends the site's language with every comment; a German comment on an English site is read as
    # the request says (Perspective's rule, and the report's --language), and detectedLanguages says what it is
    text = "Du bist ein Idiot und deine Meinung ist völlig falsch, das weiß hier jeder."
    body = {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}, "spanAnnotations": True}
    response = _analyze(client, {**body, "languages": ["en"]})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["languages"] == ["en"] and data["detectedLanguages"] == ["de"]
    value = data["attributeScores"]["TOXICITY"]["summaryScore"]["value"]
    assert 0 <= value <= 1
    assert len(data["attributeScores"]["TOXICITY"]["spanScores"]) == 1
    # without languages the identifier decides, and the model does not read German
    assert "does not support request languages: de" in _error(_analyze(client, body), 400)


def test_score_threshold_leaves_out_low_scores(client: httpx.Client) -> None:
    body = {
        "comment": {"text": "Thanks, a fair and careful article."},
        "requestedAttributes": {"TOXICITY": {"scoreThreshold": 0.9}, "INSULT": {"scoreType": "PROBABILITY"}},
    }
    data = _analyze(client, body).json()
    assert list(data["attributeScores"]) == ["INSULT"]


def _export(tmp: Path, texts: list[str]) -> Path:
    export = tmp / "export.jsonl"
    export.write_text("".join(json.dumps({"text": t, "article_id": "a"}) + "\n" for t in texts), encoding="utf-8")
    return export


def _csv_rows(export: Path, out: Path) -> list[dict[str, str]]:
    """comments.csv as `comments report` writes it (numbers to four decimals)."""
    settings = Settings(report=ReportSettings(charts=False, raw_csv=True), run=RunSettings(jobs=1))
    assert not run_report([export], out, settings).failures
    (path,) = out.rglob("comments.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _shared_comments(limit: int) -> list[str]:
    path = SHARED / "eval" / "toxicity" / "socc_ctc.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row, _ in zip(csv.DictReader(handle), range(limit), strict=False)]


def test_the_same_text_gets_the_same_scores_as_comments_report(client: httpx.Client, tmp_path: Path) -> None:
    export = _export(tmp_path, TEXTS + _shared_comments(40))  # real news comments when ../shared is there
    (page,) = parse_file(export)
    # the rows `comments report` writes, before the CSV rounds them to four decimals
    (tables,) = analyze_pages([page], article_ids=["a"], scorers=default_scorers())
    rows = tables.comments
    assert any(row["unit"].startswith("comment: sentence scores aggregated") for row in rows)  # the long-comment rule
    data = client.post("/v1/score", json={"texts": [row["text"] for row in rows]}).json()
    columns = data["columns"]
    assert columns == list(tables.score_columns) and "vader_compound" in columns and "toxicity" in columns
    assert data["toxicity_threshold"] == 0.3
    csv_rows = _csv_rows(export, tmp_path / "report")
    for row, served, written in zip(rows, data["results"], csv_rows, strict=True):
        assert served["unit"] == row["unit"] == written["unit"]
        assert served["toxic"] == row["toxic"]
        for col in columns:
            if math.isnan(row[col]):  # a scorer that does not read the text's language: empty in both
                assert served[col] is None and written[col] == "", (col, row["text"][:40])
                continue
            assert served[col] == pytest.approx(row[col], abs=1e-6), (col, row["text"][:40])
            assert served[col] == pytest.approx(float(written[col]), abs=5e-5 + 1e-9), (col, row["text"][:40])
    # and comments:analyze gives each attribute the report's column
    for row in rows[:8]:
        body = {"comment": {"text": row["text"]}, "requestedAttributes": {name: {} for name in ATTRIBUTE_COLUMNS}}
        scores = _analyze(client, body).json()["attributeScores"]
        for name, col in ATTRIBUTE_COLUMNS.items():
            assert scores[name]["summaryScore"]["value"] == pytest.approx(row[col], abs=1e-6)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"requestedAttributes": {"TOXICITY": {}}}, "Comment must be non-empty."),
        ({"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}, "Comment must be non-empty."),
        ({"comment": {"text": " \n"}, "requestedAttributes": {"TOXICITY": {}}}, "Comment text must be non-empty"),
        (
            {"comment": {"text": 5}, "requestedAttributes": {"TOXICITY": {}}},
            "Invalid value at 'comment.text' (TYPE_STRING)",
        ),
        ({"comment": {"text": ["a"]}, "requestedAttributes": {"TOXICITY": {}}}, "Invalid value at 'comment.text'"),
        ({"comment": "text", "requestedAttributes": {"TOXICITY": {}}}, "Invalid value at 'comment'"),
        (
            {"comment": {"text": "é" * 10_241}, "requestedAttributes": {"TOXICITY": {}}},
            "Comment text was too many bytes. Value (20482) exceeded limit (20480).",
        ),
        ({"comment": {"text": MARKER}, "requestedAttributes": {"FLIRTATION": {}}}, "Unknown attribute FLIRTATION"),
        ({"comment": {"text": MARKER}, "requestedAttributes": {}}, "requestedAttributes must be an object"),
        ({"comment": {"text": MARKER}}, "requestedAttributes must be an object"),
        (
            {"comment": {"text": MARKER}, "requestedAttributes": {"TOXICITY": {}}, "languages": ["de"]},
            "Attribute TOXICITY does not support request languages: de",
        ),
        (
            {"comment": {"text": MARKER}, "requestedAttributes": {"TOXICITY": {}}, "languages": "en"},
            "Invalid value at 'languages'",
        ),
        (
            {"comment": {"text": MARKER}, "requestedAttributes": {"TOXICITY": {}}, "doNotStore": "yes"},
            "'doNotStore' (TYPE_BOOL)",
        ),
        ({"comment": {"text": MARKER}, "requestedAttributes": {"TOXICITY": {}}, "colour": 1}, 'Unknown name "colour"'),
        (
            {"comment": {"text": MARKER}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": 2}}},
            "scoreThreshold': give a number from 0 to 1",
        ),
        # a code with a line break or a tail after it is no code (a pattern's $ would let "en\\n" through)
        *(
            (
                {"comment": {"text": MARKER}, "requestedAttributes": {"TOXICITY": {}}, "languages": [code]},
                "is not an ISO 639-1 or BCP-47 code",
            )
            for code in ("en\n", "en\n\u001b[31m", "en-US!", "", "e")
        ),
        ([{"comment": {"text": MARKER}}], "Expected an object at the top level, not a list."),
        ("just a string", "Expected an object at the top level, not a str."),
    ],
)
def test_bad_requests_get_perspectives_400(client: httpx.Client, body: Any, message: str) -> None:
    assert message in _error(_analyze(client, body), 400)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "Invalid JSON payload received."),
        (b"", "Invalid JSON payload received."),
        (b"\xff\xfe\x00garbage", "Invalid JSON payload received."),
        (b"[" * 30_000 + b"]" * 30_000, "Invalid JSON payload received."),
        (b'{"comment": {"text": "\\ud800 alone"}, "requestedAttributes": {"TOXICITY": {}}}', "lone surrogate"),
        # anywhere in the body, not only the text: a clientToken is echoed back, a name is quoted in errors
        *(
            (b'{"comment": {"text": "Fine."}, "requestedAttributes": {"TOXICITY": {}%s}%s}' % parts, "lone surrogate")
            for parts in [
                (b"", b', "clientToken": "\\udfff"'),
                (b', "\\ud800": {}', b""),
                (b"", b', "languages": ["\\udc00"]'),
            ]
        ),
        # a name given twice: a proxy reading the first and this server the last would see two requests
        *(
            (b'{"comment": %s, "requestedAttributes": {"TOXICITY": {}}}' % comment, f'Duplicate name "{name}"')
            for comment, name in [
                (b'{"text": "Fine."}, "comment": {"text": "Rude."}', "comment"),
                (b'{"text": "Fine.", "text": "Rude."}', "text"),
            ]
        ),
    ],
)
def test_bodies_that_are_not_json_get_400(client: httpx.Client, content: bytes, message: str) -> None:
    response = client.post("/v1alpha1/comments:analyze", content=content)
    assert message in _error(response, 400)
    assert client.get("/healthz").status_code == 200


def test_batch_endpoint_rejects_what_it_cannot_score(client: httpx.Client) -> None:
    assert "non-empty list" in _error(client.post("/v1/score", json={"texts": []}), 400)
    assert "texts[1]" in _error(client.post("/v1/score", json={"texts": ["fine", 3]}), 400)
    assert "texts[0] must be non-empty" in _error(client.post("/v1/score", json={"texts": [""]}), 400)
    assert 'Expected an object {"texts"' in _error(client.post("/v1/score", json=["a", "b"]), 400)


def test_unknown_paths_and_methods_say_what_the_server_answers(server: Server, client: httpx.Client) -> None:
    message = _error(client.post("/comments:analyze", json={}), 404, "NOT_FOUND")
    assert "POST /v1alpha1/comments:analyze" in message
    _error(client.get("/v1alpha1/comments:analyze"), 405, "UNIMPLEMENTED")
    # a path cannot forge a line of the log
    _error(client.get("/x%0AINFO:%20forged%20line%25s%7B%7D"), 404, "NOT_FOUND")
    time.sleep(0.2)
    assert not any(line.startswith("INFO: forged") for line in server.log.read_text().splitlines())


def test_hostile_fields_come_back_escaped(client: httpx.Client) -> None:
    token = '<script>alert("x")</script> %s {} $HOME ' + "é" * 500
    body = {"comment": {"text": "<b>{}</b> %s $x"}, "requestedAttributes": {"TOXICITY": {}}, "clientToken": token}
    data = _analyze(client, body).json()
    assert data["clientToken"] == token and 0 <= data["attributeScores"]["TOXICITY"]["summaryScore"]["value"] <= 1
    message = _error(_analyze(client, {"comment": {"text": "a"}, "requestedAttributes": {"%s{}\n" * 40: {}}}), 400)
    assert message.startswith("Unknown attribute %s{}") and len(message) < 300


def test_serve_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: comments serve") and "--api-key KEY" in out and "--feedback FILE" in out


def _raw(port: int, request: bytes, *, read: bool = True, timeout: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        if not read:
            return b""
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and b"}" in chunk:
                break
        return b"".join(chunks)


def test_a_body_over_the_limit_is_refused_before_it_is_read(server: Server) -> None:
    # the headers announce 50 MB; the answer comes before a byte of the body is sent
    head = (
        b"POST /v1alpha1/comments:analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 50000000\r\n\r\n"
    )
    start = time.monotonic()
    answer = _raw(server.port, head)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b'"Request payload size exceeds the limit: 65536 bytes."' in answer
    assert time.monotonic() - start < 5
    # without a Content-Length, the reading stops once the limit is passed
    with httpx.Client(base_url=server.url, timeout=30) as session:

        def chunks() -> Iterator[bytes]:
            yield b'{"comment": {"text": "'
            for _ in range(100):
                yield b"a" * 1_000
            yield b'"}, "requestedAttributes": {"TOXICITY": {}}}'

        response = session.post("/v1alpha1/comments:analyze", content=chunks())
        _error(response, 413)


def test_a_slow_client_trickling_its_body_does_not_hold_up_the_others(server: Server, client: httpx.Client) -> None:
    body = json.dumps(
        {"comment": {"text": f"A slow {MARKER} comment."}, "requestedAttributes": {"TOXICITY": {}}}
    ).encode()
    head = (
        f"POST /v1alpha1/comments:analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    answers: dict[str, bytes] = {}

    def trickle(name: str, pieces: list[bytes], pause: float) -> None:
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(head)
            for piece in pieces:
                time.sleep(pause)
                try:
                    sock.sendall(piece)
                except OSError:
                    break
            answers[name] = b"".join(iter(lambda: sock.recv(65536), b""))

    step = len(body) // 8 + 1
    whole = [body[i : i + step] for i in range(0, len(body), step)]
    slow = threading.Thread(target=trickle, args=("slow", whole, 0.15))  # about 1.2 s, under the 2 s timeout
    stuck = threading.Thread(target=trickle, args=("stuck", [body[:10]], 0.0))  # never sends the rest
    slow.start()
    stuck.start()
    latencies = []
    for _ in range(10):
        start = time.monotonic()
        assert (
            _analyze(client, {"comment": {"text": "Quick one."}, "requestedAttributes": {"TOXICITY": {}}}).status_code
            == 200
        )
        latencies.append(time.monotonic() - start)
    slow.join()
    stuck.join()
    assert max(latencies) < 1.0, latencies
    assert answers["slow"].startswith(b"HTTP/1.1 200"), answers["slow"][:300]
    assert answers["stuck"].startswith(b"HTTP/1.1 408"), answers["stuck"][:300]
    assert b"DEADLINE_EXCEEDED" in answers["stuck"]


def _closed_within(sock: socket.socket, seconds: float) -> float:
    """Seconds until the server closes ``sock`` (it sends nothing back); fails after ``seconds``."""
    start = time.monotonic()
    sock.settimeout(seconds)
    try:
        assert sock.recv(65536) == b""
    except TimeoutError:
        raise AssertionError(f"the server held the connection for {seconds} s") from None
    except ConnectionResetError:
        pass
    return time.monotonic() - start


@pytest.mark.parametrize(
    "sent",
    [b"", b"POST /v1alpha1/comments:analyze HTTP/1.1\r\n", b"GET /healthz HTTP/1.1\r\nHost: x\r\n"],
    ids=["nothing", "a request line", "headers without their end"],
)
def test_a_client_that_never_finishes_its_headers_is_closed(server: Server, client: httpx.Client, sent: bytes) -> None:
    # each such connection would hold one of the worker's connections for as long as the client liked;
    # 1,024 of them would leave every other client a 503 (the server's body timeout here is 2 s)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(sent)
        assert _closed_within(sock, 15) >= 1.5
    assert client.get("/healthz").status_code == 200


def test_a_client_trickling_its_headers_is_closed_and_a_kept_alive_one_is_served(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        start = time.monotonic()
        with contextlib.suppress(OSError):  # closed under it: the server's answer to a byte a second
            for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 30:
                sock.sendall(bytes([byte]))
                time.sleep(0.5)
        assert time.monotonic() - start < 10
    # a connection kept alive gets the same time for each request's headers, from its last response
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        for _ in range(3):
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = b""
            while not answer.endswith(b"}"):  # the headers and the body may come apart
                answer += sock.recv(65536)
            assert answer.startswith(b"HTTP/1.1 200")
            time.sleep(1)
        assert _closed_within(sock, 15) >= 0.5


def test_a_client_that_leaves_before_its_body_is_no_server_error(server: Server, client: httpx.Client) -> None:
    for sent in (b'{"comment": {"text": "Half a bo', b""):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            head = b"POST /v1alpha1/comments:analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
            sock.sendall(head + sent)
            time.sleep(0.3)
    assert client.get("/healthz").status_code == 200
    time.sleep(0.3)
    log = server.log.read_text()
    assert "ClientDisconnect" not in log, log[-2000:]  # was: ERROR ... failed: ClientDisconnect, and a 500


def test_request_headers_past_64_kib_are_refused(server: Server, client: httpx.Client) -> None:
    # httptools sets no limit: megabytes of one header, on each of 1,024 connections, within the deadline
    for head in (b"X-Big: " + b"a" * 1_000_000, b"".join(b"X-%d: %s\r\n" % (n, b"b" * 100) for n in range(2_000))):
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            with contextlib.suppress(OSError):  # closed under the sender
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + head)
            answer = b""
            with contextlib.suppress(OSError):
                while chunk := sock.recv(65536):
                    answer += chunk
        assert answer.startswith(b"HTTP/1.1 431 "), answer[:100]
        assert b"over 65,536 bytes" in answer
    # headers of ordinary size with a large body in the same packets are read as ever
    text = "A long comment about the council and its plans. " * 400  # 19,600 bytes
    body = {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}}
    response = client.post("/v1alpha1/comments:analyze", json=body, headers={"X-Padding": "c" * 8_000})
    assert response.status_code == 200, response.text


def test_32_concurrent_clients_all_get_the_scores_a_lone_client_gets(server: Server, client: httpx.Client) -> None:
    texts = [
        f"Comment number {i}: {'you idiot' if i % 4 == 0 else 'a fair point about the budget'}." for i in range(64)
    ]
    alone = {
        text: _analyze(client, {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}}).json()
        for text in texts[:8]
    }

    async def one_client(n: int) -> list[tuple[str, int, Any]]:
        out = []
        async with httpx.AsyncClient(base_url=server.url, timeout=60) as session:
            for i in range(8):
                text = texts[(n + i * 5) % len(texts)]
                body = {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}}
                response = await session.post("/v1alpha1/comments:analyze", json=body)
                out.append((text, response.status_code, response.json()))
        return out

    async def everyone() -> list[list[tuple[str, int, Any]]]:
        return await asyncio.gather(*(one_client(n) for n in range(32)))

    before = client.get("/healthz").json()["worker"]
    results = [r for client_results in asyncio.run(everyone()) for r in client_results]
    after = client.get("/healthz").json()["worker"]
    requests, batches = after["requests_scored"] - before["requests_scored"], after["batches"] - before["batches"]
    assert requests == 256 and batches < requests / 2, (requests, batches)  # arriving together, scored together
    assert len(results) == 256
    assert all(status == 200 for _, status, _ in results)
    for text, _, data in results:
        if text in alone:
            assert data == alone[text]


def test_api_keys_are_required_when_set_and_never_logged(tmp_path: Path) -> None:
    running = Server(tmp_path, "--api-key", KEY)
    try:
        body = {"comment": {"text": "Hello there."}, "requestedAttributes": {"TOXICITY": {}}}
        url = f"{running.url}/v1alpha1/comments:analyze"
        _error(httpx.post(url, json=body), 403, "PERMISSION_DENIED")
        _error(httpx.post(url, params={"key": "wrong"}, json=body), 403, "PERMISSION_DENIED")
        _error(httpx.post(f"{running.url}/v1/score", json={"texts": ["a"]}), 403, "PERMISSION_DENIED")
        assert httpx.post(url, params={"key": KEY}, json=body).status_code == 200
        assert httpx.post(url, headers={"X-Goog-Api-Key": KEY}, json=body).status_code == 200
        assert httpx.get(f"{running.url}/healthz").status_code == 200
        # without --feedback, suggestscore answers and keeps nothing
        suggestion = {"comment": {"text": "Fine."}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0}}}}
        answer = httpx.post(f"{running.url}/v1alpha1/comments:suggestscore", params={"key": KEY}, json=suggestion)
        assert answer.status_code == 200 and answer.json() == {}
        # a client that puts its key in the path (a wrong base URL) gets its 404; the log hides the key
        assert httpx.get(f"{running.url}/{KEY}/healthz").status_code == 404
        assert httpx.post(f"{running.url}/v1alpha1/{KEY}:analyze", json=body).status_code in (403, 404)
    finally:
        assert running.stop()
    log = running.log.read_text()
    assert KEY not in log and "key=" not in log


def test_sigterm_lets_the_request_in_flight_finish(tmp_path: Path) -> None:
    running = Server(tmp_path, "--max-body", "4000000", "--workers", "2")
    # about 2 s of scoring on one core: long enough to be in flight when the signal comes 0.5 s after it is sent
    texts = [f"Comment {i}: " + "the council's plan for the bus lane is costly and late, " * 32 for i in range(1000)]
    answer: dict[str, Any] = {}

    def slow_request() -> None:
        response = httpx.post(f"{running.url}/v1/score", json={"texts": texts}, timeout=120)
        answer["status"], answer["n"] = response.status_code, len(response.json()["results"])
        answer["done"] = time.monotonic()

    # the server answers once one worker is up; on a loaded machine the second may still be loading its models
    deadline = time.monotonic() + 120
    while running.log.read_text().count("worker ready") < 2:
        assert time.monotonic() < deadline, f"the second worker never got ready:\n{running.log.read_text()}"
        time.sleep(0.1)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(slow_request)
        time.sleep(0.5)  # the request is sent and being scored
        signalled = time.monotonic()
        running.process.send_signal(signal.SIGTERM)
        future.result(timeout=120)
    assert running.stop()
    assert answer["status"] == 200 and answer["n"] == len(texts)
    assert answer["done"] > signalled, "the request finished before the signal; make it longer"
    log = running.log.read_text()
    assert log.count("worker ready") == 2  # each worker loaded its own models
    assert log.count("Finished server process") == 2 and "Stopping parent process" in log


def test_listening_beyond_this_machine_without_a_key_warns(capsys: pytest.CaptureFixture[str]) -> None:
    assert exposure_warning(ServeSettings()) is None
    assert exposure_warning(ServeSettings(host="0.0.0.0", api_keys=("k",))) is None
    assert exposure_warning(ServeSettings(host="::1")) is None
    warning = exposure_warning(ServeSettings(host="0.0.0.0", feedback=Path("f.sqlite")))
    assert warning is not None and "without --api-key" in warning and "f.sqlite" in warning
    # the CLI prints it, then stops with one line when the scorer cannot load (before listening anywhere)
    assert main(["serve", "--host", "0.0.0.0", "--toxicity", "detoxify"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("warning: listening on 0.0.0.0:8080 without --api-key")
    assert err[1].startswith("error: the detoxify scorer needs local checkpoint files")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: ServeSettings(port=70_000), "--port: give a port between 0 and 65535"),
        (lambda: ServeSettings(workers=0), "--workers: give a number of worker processes of at least 1"),
        (lambda: ServeSettings(api_keys=(" spaced",)), "--api-key: give keys as non-empty strings"),
        (lambda: ServeSettings(max_body_bytes=10), "--max-body: give a whole number of at least 1,024"),
        (lambda: ServeSettings(max_text_bytes=2_000_000), "--max-text-bytes 2,000,000 is larger than --max-body"),
        (lambda: ServeSettings(body_timeout=0), "--body-timeout: give seconds between 0 and 3600"),
        (lambda: ServeSettings(batch_window_ms=-1), "--batch-window: give milliseconds between 0 and 1000"),
        (lambda: ServeSettings(host=""), "--host: give an address to listen on"),
    ],
)
def test_serve_settings_say_what_to_do(build: Any, message: str) -> None:
    from comments.errors import SettingsError

    with pytest.raises(SettingsError, match="^" + message):
        build()


def test_settings_travel_to_the_workers_whole() -> None:
    settings = ServeSettings(
        host="::1",
        port=0,
        workers=3,
        api_keys=("a", "b"),
        feedback=Path("/tmp/f.sqlite"),
        score=ScoreSettings(toxicity="profanity"),
        analyze=AnalyzeSettings(toxicity_threshold=0.7),
    )
    assert settings_from_json(settings_to_json(settings)) == settings


def test_a_feedback_file_that_cannot_be_opened_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database, " * 100)
    assert main(["serve", "--feedback", str(not_sqlite)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: --feedback {not_sqlite}: cannot open it as an SQLite file") and err.count("\n") == 1


def test_a_request_whose_scoring_fails_fails_alone() -> None:
    from comments.serve.scoring import Batcher

    calls: list[int] = []

    def score(jobs: Any) -> Any:
        calls.append(len(jobs))
        if any("boom" in texts for job in jobs for texts in job.values()):
            raise RuntimeError("the model broke")
        return {"fake": {text: {"x": float(len(text))} for job in jobs for texts in job.values() for text in texts}}

    async def run() -> list[Any]:
        batcher = Batcher(score, window=0.01)
        batcher.start()
        jobs = [{"fake": ["a"]}, {"fake": ["boom"]}, {"fake": ["ccc"]}]
        results = await asyncio.gather(*(batcher.submit(job) for job in jobs), return_exceptions=True)
        await batcher.close()
        return results

    first, failed, third = asyncio.run(run())
    assert calls[0] == 3  # scored together first
    assert first["fake"]["a"] == {"x": 1.0} and third["fake"]["ccc"] == {"x": 3.0}
    assert isinstance(failed, RuntimeError)


def test_the_attributes_offered_follow_the_toxicity_scorer_the_settings_name() -> None:
    from comments.serve.app import Service

    assert Service(ServeSettings(score=ScoreSettings(toxicity="profanity"))).catalog.attributes == {
        "TOXICITY": "toxicity"
    }
    assert set(Service(ServeSettings()).catalog.attributes) == set(ATTRIBUTE_COLUMNS)
