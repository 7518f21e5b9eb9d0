"""The README's examples stay true."""

import re
from pathlib import Path

import pyoxigraph as ox

README = Path(__file__).resolve().parent.parent / "README.md"


def _data_model_turtle() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Data model", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```turtle\n(.*?)```", section, re.S).group(1)


def test_data_model_example_is_valid_turtle_found_verbatim_in_the_seed_build(seed_graph_file):
    example = list(ox.parse(_data_model_turtle().encode(), format=ox.RdfFormat.TURTLE))
    built = set(ox.parse(path=str(seed_graph_file), format=ox.RdfFormat.TURTLE))
    assert len(example) == 19
    assert [t for t in example if t not in built] == []
