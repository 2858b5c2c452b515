"""docs/api.md's checkout walkthrough runs as written: the same curl calls, in order, with the
values the reader keeps from one answer for the next, must get the documented answers and end
with a paid order. When the guide and the API drift apart, this fails."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from oscar.core.loading import get_model

from commerce.order import statuses

Order = get_model("order", "Order")

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
SECTION = "## Checkout walkthrough"
BASE = "http://127.0.0.1:8000"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
ASSIGNMENT = re.compile(r"^(\w+)=\$\((.*)\)$")
VARIABLE = re.compile(r"\$(\w+)|\$\{(\w+)\}")
# Fields whose documented value is part of the contract, not an example value.
COMPARED = {"status", "code", "provider", "shipping_code", "currency"}


@dataclass
class Step:
    commands: list[str]
    response: str | None = None  # the ```http block documented under the commands


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: object


@dataclass
class Shell:
    """Just enough of a shell for the guide: variables, files written by ``tee``, cookie jars."""

    variables: dict[str, str] = field(default_factory=dict)
    files: dict[str, object] = field(default_factory=dict)
    jars: dict[str, SimpleCookie] = field(default_factory=dict)

    def expand(self, text: str) -> str:
        def value(match):
            name = match.group(1) or match.group(2)
            assert name in self.variables, f"${name} is used before the guide sets it"
            return self.variables[name]

        return VARIABLE.sub(value, text)


def walkthrough_steps() -> list[Step]:
    text = DOC.read_text()
    start = text.index(SECTION) + len(SECTION)
    end = text.find("\n## ", start)
    section = text[start : end if end != -1 else None]
    steps: list[Step] = []
    for match in FENCE.finditer(section):
        language, body = match.groups()
        if language == "sh":
            joined = body.replace("\\\n", " ")
            steps.append(Step(commands=_commands(joined)))
        elif language == "http":
            assert steps and steps[-1].response is None, "an answer without its command"
            steps[-1].response = body
    return steps


def _commands(script: str) -> list[str]:
    """Split a block into commands; a single-quoted argument may span lines (a JSON body)."""
    commands, current = [], ""
    for line in script.splitlines():
        current = f"{current}\n{line}" if current else line
        try:
            shlex.split(current)
        except ValueError:  # an open quote: the command goes on
            continue
        if current.strip() and not current.strip().startswith("#"):
            commands.append(current.strip())
        current = ""
    assert not current, f"unterminated command: {current!r}"
    return commands


def documented(response: str) -> tuple[int, dict[str, str], object]:
    head, _, body = response.partition("\n\n")
    lines = head.strip().splitlines()
    status = int(lines[0].split()[1])
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return status, headers, json.loads(body) if body.strip() else None


def jq(document, path: str):
    """``jq -r`` for the paths the guide uses: ``.a.b``, ``.results[0].api_url``."""
    for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        document = document[name] if name else document[int(index)]
    return document


def curl(shell: Shell, arguments: list[str], *, committed) -> Answer:
    assert arguments[0] == "curl"
    method, url, body = None, None, None
    headers: dict[str, str] = {}
    read_jar = write_jar = None
    options = iter(arguments[1:])
    for option in options:
        if option == "-X":
            method = next(options)
        elif option == "-H":
            name, _, value = next(options).partition(":")
            headers[name.strip()] = value.strip()
        elif option == "-d":
            body = next(options)
        elif option == "-b":
            read_jar = next(options)
        elif option == "-c":
            write_jar = next(options)
        elif option in ("-o", "-w"):
            next(options)  # where curl writes the answer: the test reads it anyway
        elif option == "-s":
            pass
        elif option.startswith("-"):
            raise AssertionError(f"the test does not know curl's {option}")
        else:
            url = option
    assert url and url.startswith(BASE), f"{url!r} is not on {BASE}"
    method = method or ("POST" if body is not None else "GET")
    content_type = headers.pop("Content-Type", "application/x-www-form-urlencoded")

    client = Client(enforce_csrf_checks=True, HTTP_HOST=urlsplit(BASE).netloc)
    if read_jar:
        client.cookies = SimpleCookie()
        client.cookies.update(shell.jars[read_jar])
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    with committed():
        response = client.generic(
            method, path, data=(body or "").encode(), content_type=content_type, headers=headers
        )
    if write_jar:
        shell.jars.setdefault(write_jar, SimpleCookie()).update(client.cookies)
    is_json = response.get("Content-Type", "").startswith("application/json")
    return Answer(
        status=response.status_code,
        headers={name: value for name, value in response.items()},
        body=response.json() if is_json else None,
    )


def run(shell: Shell, command: str, *, committed) -> Answer | None:
    """One line of the guide; returns the answer when it is a curl call."""
    assignment = ASSIGNMENT.match(command)
    if assignment:
        name, inner = assignment.groups()
        words = shlex.split(inner)
        if words[:2] == ["jq", "-r"]:
            shell.variables[name] = str(jq(shell.files[words[3]], words[2]))
        elif words[0] == "awk" and "csrftoken" in words[1]:
            shell.variables[name] = shell.jars[words[2]]["csrftoken"].value
        else:
            raise AssertionError(f"the test does not know how to run {inner!r}")
        return None
    pipeline = [part.strip() for part in command.split(" | ")]
    arguments = [shell.expand(word) for word in shlex.split(pipeline[0])]
    answer = curl(shell, arguments, committed=committed)
    for stage in pipeline[1:]:
        words = shlex.split(stage)
        assert words[0] == "tee", f"the test does not know {stage!r}"
        shell.files[words[1]] = answer.body
    return answer


def assert_shaped_like(actual, expected, *, where="body"):
    """Every documented field is there, and the contract fields have the documented value."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{where}: the answer has no {key!r} ({sorted(actual)})"
            if key in COMPARED:
                assert actual[key] == value, f"{where}.{key}: {actual[key]!r} != {value!r}"
            assert_shaped_like(actual[key], value, where=f"{where}.{key}")
    elif isinstance(expected, list) and expected:
        assert isinstance(actual, list) and actual, f"{where}: expected a non-empty list"
        assert_shaped_like(actual[0], expected[0], where=f"{where}[0]")


def test_the_guide_has_the_whole_checkout():
    steps = walkthrough_steps()
    curls = [c for step in steps for c in step.commands if not ASSIGNMENT.match(c)]
    assert all(step.response for step in steps), "every command shows its answer"
    assert [c.split()[0] for c in curls] == ["curl"] * len(curls)
    for url in ("/api/auth/token/", "/api/basket/", "/api/basket/add-product/", "/api/checkout/"):
        assert any(f"{BASE}{url} " in f"{c} " for c in curls), url
    assert any("Idempotency-Key" in c for c in curls)
    assert any("/api/countries/FR/" in c and '"standard"' in c for c in curls)
    assert any("decision=approve" in c for c in curls)


@pytest.mark.django_db
def test_the_checkout_walkthrough_runs_as_documented(demo, django_capture_on_commit_callbacks):
    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    shell = Shell()
    placed_before = set(Order.objects.values_list("number", flat=True))
    for number, step in enumerate(walkthrough_steps(), start=1):
        answers = [run(shell, command, committed=committed) for command in step.commands]
        answers = [answer for answer in answers if answer is not None]
        assert len(answers) == 1, f"step {number}: one curl call per block"
        answer = answers[0]
        status, headers, body = documented(step.response)
        where = f"step {number} ({step.commands[0][:60]}...)"
        assert answer.status == status, f"{where}: {answer.status} {answer.body}"
        for name, value in headers.items():
            assert name in answer.headers, f"{where}: no {name} header"
            if name == "Content-Type":
                assert answer.headers[name].startswith(value.split(";")[0]), where
        if body is not None:
            assert_shaped_like(answer.body, body, where=where)

    # The values the reader kept really are the order's.
    assert shell.variables["PAYMENT_URL"].startswith(f"{BASE}/payments/sandbox/")
    order = Order.objects.exclude(number__in=placed_before).get()
    assert order.status == statuses.PAID
    assert order.user.email == "customer@example.com"
    assert shell.variables["ORDER_URL"] == f"{BASE}/api/orders/{order.pk}/"
    assert shell.files["order.json"]["number"] == order.number
