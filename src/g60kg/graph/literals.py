"""The lexical forms of the numbers the graph publishes, and how query answers keep them.

Decimals are published in XSD 1.0's canonical form: a decimal point with at
least one digit on each side (``"1290000000000.0"``, ``"6.79"``, ``"-5.0"``),
so a value reads as a decimal wherever it is shown. Oxigraph stores numbers
as values and answers in XSD 1.1's form (``"76200"`` for the stored
``"76200.0"``); rdflib answers with the text it parsed. :func:`canonical_number`
brings both back to one spelling, so a query prints the term as the graph
states it, whichever engine answered.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from g60kg.namespaces import XSD

DECIMAL = XSD + "decimal"
INTEGER = XSD + "integer"
_FLOATS = (XSD + "double", XSD + "float")


def decimal_lexical(value: Decimal) -> str:
    """``value`` in the published form: ``"76200.0"``, ``"6.79"``, ``"-5.0"``, ``"0.0"``."""
    if value == value.to_integral_value():
        return f"{int(value)}.0"
    return format(value.normalize(), "f")


def canonical_number(lexical: str, datatype: str) -> str:
    """The one spelling of a number literal: decimals as published, the rest as pyoxigraph's.

    Integers lose leading zeros and ``+`` (``"007"`` -> ``"7"``); doubles and
    floats are written as pyoxigraph writes them; text that is not a number
    of its type (an ill-typed literal) is left as it is.
    """
    try:
        if datatype == DECIMAL:
            return decimal_lexical(Decimal(lexical))
        if datatype == INTEGER:
            return str(int(lexical))
        if datatype in _FLOATS:
            number = float(lexical)
            if number.is_integer() and abs(number) < 1e16:
                return str(int(number))
            return repr(number)
    except (ValueError, InvalidOperation, OverflowError):
        return lexical
    return lexical
