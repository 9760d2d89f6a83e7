"""Policy files: defaults, parsing, validation with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from baogao.errors import PolicyError
from baogao.redact.policy import DEFAULT_LABELS, DEFAULT_POLICY, MaskStyle, Policy, Register, load_policy


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_default_policy_masks_personal_and_org_data_and_flags_markup() -> None:
    policy = load_policy(None)
    assert policy is DEFAULT_POLICY
    assert {"PERSON", "ORG", "LOCATION", "PHONE", "EMAIL", "ID_NUMBER", "URL"} <= policy.labels
    assert "FIGURE" not in policy.labels
    assert policy.flag_markup is True
    assert policy.mask_style is MaskStyle.KEEP_LENGTH
    assert not policy.register


def test_policy_file_with_register_and_style(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[mask]
labels = ["PERSON", "ORG", "FIGURE"]
style = "numbered"
flag_markup = false
allow = ["企业家日报"]
deny = ["内部资料"]

[register]
orgs = ["秦岭能源集团汉中煤业有限公司"]
aliases = ["汉煤"]
persons = ["周立平"]
sites = ["龙泉沟煤矿"]
""",
    )
    policy = load_policy(path)
    assert policy.labels == frozenset({"PERSON", "ORG", "FIGURE"})
    assert policy.mask_style is MaskStyle.NUMBERED
    assert policy.flag_markup is False
    assert policy.allow == frozenset({"企业家日报"}) and policy.deny == frozenset({"内部资料"})
    assert policy.register == Register(
        orgs=frozenset({"秦岭能源集团汉中煤业有限公司"}),
        aliases=frozenset({"汉煤"}),
        persons=frozenset({"周立平"}),
        sites=frozenset({"龙泉沟煤矿"}),
    )


def test_missing_sections_fall_back_to_defaults(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, '[register]\npersons = ["李慧"]\n'))
    assert policy.labels == DEFAULT_LABELS and policy.register.persons == frozenset({"李慧"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[mask]\nstyle = "blur"\n', "mask.style"),
        ('[mask]\nlabels = ["PERSON", "SECRET"]\n', "unknown label"),
        ('[mask]\nlabels = "PERSON"\n', "list of non-empty strings"),
        ('[mask]\nflag_markup = "yes"\n', "flag_markup"),
        ("[mask]\ncolour = 1\n", "unknown key"),
        ("[masks]\nlabels = []\n", "unknown section"),
        ('[register]\norgs = [""]\n', "list of non-empty strings"),
        ("[mask\nlabels = [", "not valid TOML"),
    ],
)
def test_bad_policy_files_raise_policy_error(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    assert message in str(err.value) and err.value.path == str(path)


def test_missing_policy_file_raises_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "absent.toml")


def test_policy_is_frozen_and_hashable() -> None:
    policy = Policy(register=Register(orgs=frozenset({"甲公司"})))
    with pytest.raises(AttributeError):
        policy.flag_markup = False  # type: ignore[misc]
    assert hash(policy) == hash(Policy(register=Register(orgs=frozenset({"甲公司"}))))
