"""The README's tour and the examples in docs/ stay true.

The tour promises real output; these tests run its commands again in a fresh
folder and compare, so a change in behaviour or in the bundled article shows
up here rather than as a wrong README. Commands that need a server, Java or
a browser (load, query --endpoint, validate, docs) are covered by their own
tests.
"""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"

# The tour commands this test re-runs: they work offline, in a second or so.
_RERUN = ("g60kg build", "g60kg queries", "g60kg query ", "g60kg link")


def console_examples(text: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` for every ``$ command`` in the console blocks."""
    examples: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
            elif command is not None:
                output.append(line)
        if command is not None:
            examples.append((command, "\n".join(output)))
    return examples


def _tour() -> list[tuple[str, str]]:
    return [
        example
        for example in console_examples(README.read_text(encoding="utf-8"))
        if example[0].startswith(_RERUN) and "--endpoint" not in example[0]
    ]


def run_as_in_a_terminal(command: str, cwd: Path) -> str:
    """Run one tour line the way a shell would show it: stdout, then stderr.

    Only the filters the tour uses (``| head -N``, ``| grep WORD``) are
    understood; they apply to stdout, as in a shell.
    """
    command, *filters = (part.strip() for part in command.split("|"))
    words = shlex.split(command)
    assert words[0] == "g60kg"
    done = subprocess.run(
        [sys.executable, "-m", "g60kg", *words[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    for spec in filters:
        name, argument = shlex.split(spec)
        if name == "head":
            lines = lines[: int(argument.lstrip("-"))]
        elif name == "grep":
            lines = [line for line in lines if argument in line]
        else:
            raise AssertionError(f"the tour uses a filter this test does not know: {spec}")
    return "\n".join(lines + done.stderr.splitlines())


def test_the_tour_reruns_every_offline_command():
    commands = [command for command, _ in _tour()]
    assert commands[0] == "g60kg build"
    assert any(command.startswith("g60kg query ") and "--param" in command for command in commands)
    assert any(command.startswith("g60kg link") for command in commands)


@pytest.fixture(scope="module")
def tour_run(tmp_path_factory) -> tuple[Path, list[tuple[str, str]]]:
    """The tour's commands run in the README's order in one fresh folder.

    A newcomer's checkout has no build yet: the build comes first and the
    queries read what it wrote. Returns the folder and ``(command, output)``.
    """
    folder = tmp_path_factory.mktemp("tour")
    return folder, [(c, run_as_in_a_terminal(c, folder)) for c, _ in _tour()]


def test_the_readme_tour_prints_what_it_shows(tour_run):
    # When the bundled article or the ontology files change, run the tour
    # again and paste its output (the counts in the guides follow, see below).
    assert tour_run[1] == _tour()


def _graph_sizes(build: Path) -> dict[str, int]:
    """Triples per graph of the build: the whole, and each named graph of its TriG."""
    sizes = {"(all)": sum(1 for _ in ox.parse(path=str(build / "g60kg.ttl")))}
    for quad in ox.parse(path=str(build / "g60kg.trig")):
        sizes[quad.graph_name.value] = sizes.get(quad.graph_name.value, 0) + 1
    return sizes


_COUNTS = [
    # (what a line states, the pattern, the graph its number is the size of)
    ("build summary", r"^1 articles, (\d+) triples,", None),
    ("validate", r"^build/g60kg\.ttl: (\d+) triples$", None),
    ("load, default graph", r"^\(default graph\)\s+(\d+)\s+(\d+)$", None),
    ("load into one graph", r"^https://w3id.org/g60kg/graph/all\s+(\d+)\s+(\d+)$", None),
    ("load per graph", r"^(https://w3id.org/\S+)\s+(\d+)\s+(\d+)$", "named"),
]


def test_the_seed_build_counts_in_the_guides_are_today_s(tour_run):
    # The guides show `g60kg build`, `validate` and `load` on the bundled
    # article; every count they print must be what the build holds now.
    sizes = _graph_sizes(tour_run[0] / "build")
    stale = []
    for page in [README, *sorted(DOCS.glob("*.md"))]:
        for line in page.read_text(encoding="utf-8").splitlines():
            for what, pattern, kind in _COUNTS:
                match = re.match(pattern, line)
                if not match:
                    continue
                if kind == "named":
                    graph, *numbers = match.groups()
                    expected = sizes.get(graph, sizes["(all)"])
                else:
                    numbers, expected = match.groups(), sizes["(all)"]
                if any(int(n) != expected for n in numbers):
                    stale.append(f"{page.name}: {what}: {line.strip()} (now {expected})")
                break
    publishing = (DOCS / "publishing.md").read_text(encoding="utf-8")
    stated = re.search(r"the seed build that is (\d+) \+ (\d+) \+ (\d+) triples", publishing)
    graphs = ["ontology", "gazetteer"]
    per_graph = [sizes[f"https://w3id.org/g60kg/graph/{g}"] for g in graphs]
    per_graph.append(sizes["https://w3id.org/g60kg/resource/article/g60-article-2023-11-22"])
    if [int(n) for n in stated.groups()] != per_graph:
        stale.append(f"publishing.md: {stated.group(0)} (now {' + '.join(map(str, per_graph))})")
    ontology = sum(1 for _ in ox.parse(path=str(ROOT / "ontology" / "g60kg.ttl")))
    validation = (DOCS / "validation.md").read_text(encoding="utf-8")
    if f"\nontology/g60kg.ttl: {ontology} triples\n" not in validation:
        stale.append(f"validation.md: ontology/g60kg.ttl (now {ontology} triples)")
    assert stale == []


def test_the_readme_keeps_the_two_set_up_commands():
    # .ci/run calls the second one; both must stay in the README word for word.
    text = README.read_text(encoding="utf-8")
    assert "pip install -e . && g60kg build\n" in text
    assert 'pip install -e ".[test]" && pytest\n' in text
    assert 'pip install -e ".[test]" && pytest' in (ROOT / ".ci" / "run").read_text()


def test_the_readme_stays_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 250


def test_every_docs_page_is_linked_from_the_readme():
    text = README.read_text(encoding="utf-8")
    pages = sorted(p.name for p in DOCS.glob("*.md"))
    assert [p for p in pages if f"(docs/{p})" not in text] == []


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return {github_anchor(h) for h in re.findall(r"^#+ (.*)$", text, re.M)}


def test_github_anchor_matches_how_github_names_headings():
    assert github_anchor("Federated queries: `queries/federated/*.rq`") == (
        "federated-queries-queriesfederatedrq"
    )
    assert github_anchor("A corpus: streaming builds") == "a-corpus-streaming-builds"


def test_relative_links_in_readme_and_docs_point_at_files_and_headings_that_exist():
    broken = []
    for page in [README, *sorted(DOCS.glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target, fragment in re.findall(r"\]\(([^)#:]*)(?:#([^)]*))?\)", text):
            path = page.parent / target if target else page
            if not path.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
            elif fragment and path.suffix == ".md" and fragment not in anchors(path):
                broken.append(f"{page.relative_to(ROOT)}: {target}#{fragment}")
    assert broken == []


def _data_model_turtle() -> str:
    text = (DOCS / "data-model.md").read_text(encoding="utf-8")
    section = text.split("## An example", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```turtle\n(.*?)```", section, re.S).group(1)


def test_data_model_example_is_valid_turtle_found_verbatim_in_the_seed_build(seed_graph_file):
    example = list(ox.parse(_data_model_turtle().encode(), format=ox.RdfFormat.TURTLE))
    built = set(ox.parse(path=str(seed_graph_file), format=ox.RdfFormat.TURTLE))
    assert len(example) == 19
    assert [t for t in example if t not in built] == []


def test_the_python_session_in_the_input_page_runs(monkeypatch):
    # Relative paths in the session are the checkout's, as for a reader there.
    monkeypatch.chdir(ROOT)
    text = (DOCS / "input.md").read_text(encoding="utf-8")
    session = "\n".join(re.findall(r"```python\n(>>> .*?)```", text, re.S))
    test = doctest.DocTestParser().get_doctest(session, {}, "docs/input.md", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    assert runner.run(test, out=report.append) == doctest.TestResults(failed=0, attempted=9)
    assert report == []


def test_explain_example_lines_are_what_the_command_prints(seed_article):
    from click.testing import CliRunner

    from g60kg.cli import cli

    text = (DOCS / "input.md").read_text(encoding="utf-8")
    command = "$ g60kg extract data/articles/g60-article-2023-11-22.txt --explain\n"
    example = text.split(command, 1)[1].split("```", 1)[0].splitlines()
    result = CliRunner().invoke(cli, ["extract", str(seed_article), "--explain"])
    assert result.exit_code == 0, result.output
    printed = result.stdout.splitlines()
    shown = [line for line in example if line != "..."]
    assert len(shown) == 9
    assert [line for line in shown if line not in printed] == []
    assert [line for line in printed if line in shown] == shown  # in the same order
