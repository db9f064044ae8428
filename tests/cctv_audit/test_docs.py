"""Every command is documented: its help ends with an example, and the README mentions it."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from cctv_audit.cli import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
        else:
            found.append((f"{prefix}{name}", command))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(cli), ids=lambda v: v if isinstance(v, str) else "")
def test_command_help_has_an_example_and_is_in_the_readme(name: str, command: click.Command) -> None:
    assert "Example" in (command.help or ""), f"`cctv-audit {name} --help` has no example"
    assert f"cctv-audit {name}" in README, f"README does not show `cctv-audit {name}`"


def test_readme_opens_with_the_two_commands() -> None:
    block = README.split("```", 2)[1]
    assert "make demo" in block and "make test" in block
