"""Every `studybot` tool that reads the content file reports its problems with the same line."""

from __future__ import annotations

import argparse

import pytest

from bot.cli import main
from bot.cli.common import load_studyset, positive_int

TOOLS = [["lookup", "navy"], ["quiz", "sample"], ["onthisdate", "--date", "2026-02-24"]]


@pytest.mark.parametrize("tool", TOOLS, ids=lambda tool: tool[0])
def test_a_missing_content_file_is_one_line_and_exit_2(tool, tmp_path, capsys):
    missing = tmp_path / "nowhere.json"
    assert main([*tool, "--content", str(missing)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"studybot {tool[0]}: no content file at {missing} (build one with `studybot content build`)\n"
    )


@pytest.mark.parametrize("tool", TOOLS, ids=lambda tool: tool[0])
def test_a_broken_content_file_is_one_line_and_exit_2(tool, tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main([*tool, "--content", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"studybot {tool[0]}: cannot read content file {broken}: ")
    assert err.count("\n") == 1


def test_the_shared_helpers(tmp_path, capsys):
    assert load_studyset(tmp_path / "none.json", "tool") is None
    assert capsys.readouterr().err.startswith("studybot tool: no content file at ")
    assert positive_int("3") == 3
    for bad, problem in (("0", "at least 1"), ("three", "not a whole number")):
        with pytest.raises(argparse.ArgumentTypeError, match=problem):
            positive_int(bad)
