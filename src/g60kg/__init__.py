"""g60kg: news about a region's development, as a knowledge graph."""

__version__ = "0.1.0"
