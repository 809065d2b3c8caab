"""The repository keeps its promises: hooks, README, CI and our own gates agree."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from pytest_codehealth.cli.main import _parser, main
from pytest_codehealth.config.catalogue import UnknownRuleError, lookup
from pytest_codehealth.rules.registry import RULES

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()
HOOKS: list[dict[str, Any]] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
HOOK_IDS = {hook["id"] for hook in HOOKS}


def _ids_in(config: Any) -> list[str]:
    return [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: hook["id"])
def test_hook_manifest_entry(hook: dict[str, Any]) -> None:
    assert hook["language"] == "python"
    assert hook["types"] == ["python"]
    assert hook["entry"].startswith("codehealth check")
    assert f"`{hook['id']}`" in README
    assert hook["require_serial"] is True  # one process, one summary (precommit_batches.py)


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: hook["id"])
def test_every_selected_code_is_registered(hook: dict[str, Any]) -> None:
    argv = shlex.split(hook["entry"])
    if "--select" not in argv:
        assert hook["id"] == "codehealth"
        return
    selected = argv[argv.index("--select") + 1].split(",")
    for code in selected:
        assert [rule.code for rule in lookup(RULES, code)] == [code]


def test_lookup_rejects_an_unknown_code() -> None:
    with pytest.raises(UnknownRuleError):
        lookup(RULES, "CH999")


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_readme_lists_every_rule(rule: Any) -> None:
    assert re.search(rf"\| {rule.code} \| `{rule.name}` \|", README)


def test_example_pre_commit_config_names_real_hooks() -> None:
    text = (REPO / "hooks" / "pre-commit-config.yaml").read_text()
    named = _ids_in(yaml.safe_load(text))
    commented = re.findall(r"#\s*- id: (\S+)", text)
    assert named
    assert set(named) | set(commented) <= HOOK_IDS


def test_example_workflow_runs_our_command() -> None:
    workflow = yaml.safe_load((REPO / "hooks" / "github-workflow.yml").read_text())
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(run.startswith("codehealth check") for run in runs)


def test_example_workflow_writes_the_scorecard_on_pull_requests() -> None:
    workflow = yaml.safe_load((REPO / "hooks" / "github-workflow.yml").read_text())
    job = workflow["jobs"]["scorecard"]
    assert job["if"] == "github.event_name == 'pull_request'"
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/c"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch and the churn need history
    run = next(step["run"] for step in job["steps"] if "codehealth report" in step.get("run", ""))
    argv = shlex.split(run.replace("${{ github.base_ref }}", "main"))
    assert argv[argv.index(">>") :] == [">>", "$GITHUB_STEP_SUMMARY"]
    args = _parser().parse_args(argv[1 : argv.index(">>")])  # a real subcommand and real flags
    assert (args.command, args.since, args.format) == ("report", "origin/main", "markdown")


def test_example_gitlab_ci_runs_our_command_and_uploads_its_reports() -> None:
    config = yaml.safe_load((REPO / "hooks" / "gitlab-ci.yml").read_text())
    job = config["codehealth"]
    written = {}
    for line in job["script"]:
        argv = shlex.split(line)
        if argv[0] != "codehealth":
            continue
        command = argv[: argv.index(">")] if ">" in argv else argv
        args = _parser().parse_args(command[1:])  # a real subcommand, real flags and format
        if ">" in argv:
            written[args.format] = argv[argv.index(">") + 1]
    assert shlex.split(job["script"][-1])[:2] == ["codehealth", "check"]  # its exit code
    reports = job["artifacts"]["reports"]
    assert (reports["codequality"], reports["junit"]) == (written["gitlab"], written["junit"])
    assert job["artifacts"]["when"] == "always"  # reports are uploaded when findings fail it


def test_readme_points_to_the_hooks_folder() -> None:
    for name in (
        "hooks/pre-commit-config.yaml",
        "hooks/github-workflow.yml",
        "hooks/gitlab-ci.yml",
    ):
        assert (REPO / name).is_file()
        assert f"]({name})" in README


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    test_command = blocks[1].strip()
    ci_lines = (REPO / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines


def test_we_pass_our_own_gates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["check", "pytest_codehealth", "tests"]) == 0
