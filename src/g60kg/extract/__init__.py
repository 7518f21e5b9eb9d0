"""Extraction: text in, plain facts out (quantities, times, entities, metrics, events).

Every extractor works on :func:`g60kg.text.normalize.normalize` output and reports offsets
into the original text, so each span's quote is the text as published.
"""
