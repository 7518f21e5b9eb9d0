"""The package's version, in a module of its own.

Files the build writes (the manifest) and the Wikidata client's User-Agent
name it; importing it from here does not import the Python API that
``g60kg/__init__.py`` gathers, which sits above every layer.
"""

__version__ = "0.1.0"
