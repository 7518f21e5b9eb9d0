"""The lexical forms of the numbers the graph publishes, and how query answers keep them.

Decimals are published in XSD 1.0's canonical form: a decimal point with at
least one digit on each side (``"1290000000000.0"``, ``"6.79"``, ``"-5.0"``),
so a value reads as a decimal wherever it is shown. Oxigraph stores numbers
as values and answers in XSD 1.1's form (``"76200"`` for the stored
``"76200.0"``); rdflib answers with the text it parsed. So there are two
spellings, each in one place:

* :func:`canonical_number`: how the engines' answers are held, Oxigraph's
  form, to which the rdflib engine's answers are brought, so both engines
  give equal rows;
* :func:`published_lexical`: how an answer is printed, the form the graph
  states (a whole decimal gets its ``.0`` back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from g60kg.namespaces import XSD

if TYPE_CHECKING:
    from decimal import Decimal

DECIMAL = XSD + "decimal"
INTEGER = XSD + "integer"
_FLOATS = (XSD + "double", XSD + "float")


def decimal_lexical(value: Decimal) -> str:
    """``value`` in the published form: ``"76200.0"``, ``"6.79"``, ``"-5.0"``, ``"0.0"``."""
    if value == value.to_integral_value():
        return f"{int(value)}.0"
    return format(value.normalize(), "f")


def canonical_number(lexical: str, datatype: str) -> str:
    """A number literal as Oxigraph answers it (``"76200.0"`` -> ``"76200"``).

    Integers lose leading zeros and ``+`` (``"007"`` -> ``"7"``); doubles and
    floats are written as pyoxigraph writes them; text that is not a number
    of its type (an ill-typed literal) is left as it is.
    """
    # Imported here: every query result is written through this module, and
    # decimal costs 1-2 ms to import; only the rdflib engine and tests call this.
    from decimal import Decimal, InvalidOperation

    try:
        if datatype == INTEGER:
            return str(int(lexical))
        if datatype == DECIMAL:
            text = format(Decimal(lexical).normalize(), "f")
            return "0" if text in ("-0", "0") else text
        if datatype in _FLOATS:
            number = float(lexical)
            if number.is_integer() and abs(number) < 1e16:
                return str(int(number))
            return repr(number)
    except (ValueError, InvalidOperation, OverflowError):
        return lexical
    return lexical


def published_lexical(literal: Any) -> str:
    """The text of a pyoxigraph literal as the graph states it: whole decimals keep ``.0``.

    Only a whole number lacks the point, so the datatype (which costs an
    object to read) is read only for text made of digits.
    """
    value: str = literal.value
    if value.lstrip("-").isdigit() and literal.datatype.value == DECIMAL:
        return value + ".0"
    return value
