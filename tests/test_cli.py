from click.testing import CliRunner

from g60kg import __version__
from g60kg.cli import cli


def test_version_prints_package_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"g60kg, version {__version__}\n"


def test_help_lists_usage():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: g60kg [OPTIONS] COMMAND [ARGS]...")
