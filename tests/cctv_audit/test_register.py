"""The packaged register and `authorities validate`: every bad row is named by its line."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cctv_audit.cli import cli
from cctv_audit.register import RegisterError, default_register_path, load_register, match_authorities


def test_register_has_all_339_authorities() -> None:
    rows = load_register()
    assert len(rows) == 339
    assert sum(a.nation == "England" for a in rows) == 317
    assert sum(a.nation == "Wales" for a in rows) == 22
    assert len({a.gss_code for a in rows}) == 339


def test_shared_websites_match_both_councils() -> None:
    names = [a.name for a in match_authorities("https://www.adur-worthing.gov.uk/cctv/", load_register())]
    assert names == ["Adur District Council", "Worthing Borough Council"]


def test_welsh_government_domains_do_not_merge_councils() -> None:
    rows = load_register()
    assert [a.gss_code for a in match_authorities("https://www.anglesey.gov.wales/", rows)] == ["W06000001"]
    assert match_authorities("https://www.gov.wales/", rows) == []


def _broken(tmp_path: Path, edit: dict[int, dict[str, str]]) -> Path:
    path = tmp_path / "register.csv"
    shutil.copy(default_register_path(), path)
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for index, changes in edit.items():
        rows[index].update(changes)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"gss_code": "E0600001"}, "line 2: GSS code 'E0600001' is malformed"),
        ({"gss_code": "E06000002"}, "line 3: GSS code E06000002 is a duplicate of line 2"),
        ({"type": "parish"}, "line 2: unknown type 'parish'"),
        ({"homepage": "www.hartlepool.gov.uk"}, "line 2: homepage 'www.hartlepool.gov.uk' is not an http(s) URL"),
        ({"nation": "Wales"}, "line 2: GSS code E06000001 is not a code for Wales"),
    ],
)
def test_validate_names_the_bad_line(tmp_path: Path, changes: dict[str, str], message: str) -> None:
    path = _broken(tmp_path, {0: changes})
    with pytest.raises(RegisterError) as error:
        load_register(path)
    assert any(p.startswith(message) for p in error.value.problems), error.value.problems
    result = CliRunner().invoke(cli, ["authorities", "validate", str(path)])
    assert result.exit_code == 1
    assert message in result.output


def test_validate_accepts_the_packaged_register() -> None:
    result = CliRunner().invoke(cli, ["authorities", "validate", str(default_register_path())])
    assert result.exit_code == 0
    assert "339 authorities, no problems found" in result.output


def test_list_filters_by_nation_and_type() -> None:
    result = CliRunner().invoke(cli, ["authorities", "list", "--nation", "Wales", "--format", "csv"])
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) == 1 + 22
    result = CliRunner().invoke(cli, ["authorities", "list", "--type", "county", "--format", "json"])
    assert result.output.count('"gss_code"') == 21
