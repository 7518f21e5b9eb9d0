"""The names inside a build folder, which builds, readers and cleaners must agree on.

Kept apart from :mod:`g60kg.graph.outputs` and :mod:`g60kg.graph.parts` so
that a query, which only reads the build's manifest, does not import what
writes and checks parts (hashlib and their types: 4 ms of a 90 ms start).
"""

#: The manifest of a build folder, and of a parts folder inside it.
MANIFEST_FILE = "manifest.json"
#: The work folder of per-article N-Triples a streaming build keeps.
ARTICLES_FOLDER = "articles"
#: The folder a cluster build writes its parts into, inside its output folder.
PARTS_FOLDER = "parts"
#: The parts' subfolders: the graph's triples, and its named graphs as quads.
TRIPLES_FOLDER = "triples"
QUADS_FOLDER = "quads"
