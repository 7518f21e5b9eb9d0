"""Allow ``python -m g60kg``."""

from g60kg.cli import main

if __name__ == "__main__":
    main()
