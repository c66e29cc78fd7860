"""`.ci/elasticsearch start` where Elasticsearch cannot run (no Java 17, no Maven to fetch it): a clear reason and
exit status 3, nothing started; `.ci/run`'s Elasticsearch step (`.ci/elasticsearch_for_tests.sh`) then exports the
reason and the Elasticsearch tests skip giving it, while a server that is there but does not start fails the run.
The scripts run as subprocesses with a PATH that lacks `mvn` or `java` (every other command of /usr/bin kept)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SCRIPT = REPOSITORY / ".ci" / "elasticsearch"
FOR_TESTS = REPOSITORY / ".ci" / "elasticsearch_for_tests.sh"
UNAVAILABLE = 3


def _path_without(tmp_path: Path, *missing: str) -> str:
    """A PATH of one folder linking every command of /usr/bin and /bin but ``missing``."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for source in (Path("/usr/bin"), Path("/bin")):
        for command in source.iterdir():
            link = folder / command.name
            if command.name not in missing and not link.exists():
                link.symlink_to(command)
    return str(folder)


def _environment(tmp_path: Path, path: str, **extra: str) -> dict[str, str]:
    """The caller's environment with a HOME holding no Elasticsearch download (so start must fetch it) and a state
    folder of its own; no Java named, no server URL."""
    (tmp_path / "home").mkdir(exist_ok=True)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"CCTNS_ES_JAVA_HOME", "ES_JAVA_HOME", "CCTNS_ELASTICSEARCH_URL", "CCTNS_ELASTICSEARCH_UNAVAILABLE"}
    }
    return {
        **environment,
        "PATH": path,
        "HOME": str(tmp_path / "home"),
        "CCTNS_ES_HOME": str(tmp_path / "state"),
        **extra,
    }


def _start(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), "start"], env=environment, capture_output=True, text=True, timeout=60, check=False
    )


def test_without_maven_start_says_so_and_exits_3_starting_nothing(tmp_path: Path) -> None:
    environment = _environment(tmp_path, _path_without(tmp_path, "mvn"))
    started = _start(environment)
    assert started.returncode == UNAVAILABLE, started.stderr
    assert "cannot run here: no Maven (mvn) on PATH to fetch Elasticsearch 8.19.0" in started.stderr
    assert started.stdout == "", "no URL is printed"
    assert not (tmp_path / "state").exists(), "nothing was unpacked or started"


def test_without_java_start_says_where_it_looked_and_exits_3(tmp_path: Path) -> None:
    path = _path_without(tmp_path, "java", "mvn")
    started = _start(_environment(tmp_path, path, CCTNS_ES_JAVA_HOME=str(tmp_path / "no-jdk")))
    assert started.returncode == UNAVAILABLE, started.stderr
    assert f"no Java 17 or later in CCTNS_ES_JAVA_HOME={tmp_path / 'no-jdk'}" in started.stderr

    old_jdk = tmp_path / "jdk-11"  # a JDK too old for Elasticsearch 8 is no JDK
    (old_jdk / "bin").mkdir(parents=True)
    (old_jdk / "bin" / "java").write_text("#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n")
    (old_jdk / "bin" / "java").chmod(0o755)
    started = _start(_environment(tmp_path, path, ES_JAVA_HOME=str(old_jdk)))
    assert started.returncode == UNAVAILABLE, started.stderr
    assert f"no Java 17 or later in ES_JAVA_HOME={old_jdk}" in started.stderr
    assert "Maven" not in started.stderr, "Java is checked first: the reason is the first thing missing"


def _source_for_tests(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """.ci/run's Elasticsearch step, then the variables it left for the tests."""
    shown = 'echo "URL=${CCTNS_ELASTICSEARCH_URL:-}"; echo "UNAVAILABLE=${CCTNS_ELASTICSEARCH_UNAVAILABLE:-}"'
    return subprocess.run(
        ["/bin/bash", "-c", f"set -euo pipefail; source {FOR_TESTS}; {shown}"],
        env={**environment, "CCTNS_ELASTICSEARCH_URL": "http://left-over:9200"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_ci_run_goes_on_without_maven_and_the_elasticsearch_tests_skip_with_the_reason(tmp_path: Path) -> None:
    environment = _environment(tmp_path, _path_without(tmp_path, "mvn"))
    sourced = _source_for_tests(environment)
    assert sourced.returncode == 0, sourced.stderr
    reason = f"cannot run here: no Maven (mvn) on PATH to fetch Elasticsearch 8.19.0 and it is not in {tmp_path}"
    assert f"No Elasticsearch: {reason}" in sourced.stdout
    assert "URL=\n" in sourced.stdout, "a URL set before is not used"
    (unavailable,) = (line.split("=", 1)[1] for line in sourced.stdout.splitlines() if line.startswith("UNAVAILABLE="))
    assert unavailable.startswith(reason)

    tests = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "tests/indexes/test_elasticsearch_shards.py",
        ],
        cwd=REPOSITORY,
        env={**os.environ, "CCTNS_ELASTICSEARCH_UNAVAILABLE": unavailable, "CCTNS_ELASTICSEARCH_URL": ""},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 skipped" in tests.stdout and "failed" not in tests.stdout, tests.stdout
    assert f"no Elasticsearch: {reason}" in tests.stdout, "each skip gives the reason .ci/run printed"


def test_ci_run_fails_when_elasticsearch_is_there_but_does_not_start(tmp_path: Path) -> None:
    environment = _environment(tmp_path, os.environ["PATH"])
    download = Path(environment["HOME"]) / ".m2/repository/org/elasticsearch/distribution/integ-test-zip"
    download = download / "elasticsearch/8.19.0/elasticsearch-8.19.0.zip"
    download.parent.mkdir(parents=True)
    download.write_bytes(b"not a zip")  # downloaded, but broken: a failure to see, not a reason to skip
    sourced = _source_for_tests(environment)
    assert sourced.returncode == 1, sourced.stdout + sourced.stderr
    assert "could not unpack" in sourced.stderr
    assert "Elasticsearch did not start (exit 2" in sourced.stdout
    assert "URL=" not in sourced.stdout, "the run stops there"
