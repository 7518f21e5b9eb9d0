"""The one exception type the CLI turns into a one-line message and exit code 2."""


class InputError(Exception):
    """Unusable input: a missing file, bad syntax, an unknown name.

    The message must stand alone on one line and name the file (and line and
    column where there is one), because the CLI prints it as is.
    """
