"""What to mask and how: the redaction policy as a frozen value.

A policy is data, not code: a TOML file names the labels to mask, the mask
style, extra allowed and denied terms and an optional *register* — the
organisation's own names, aliases, staff and sites, which turns open-ended
recognition into exact matching (the only way to get leaks near zero).

Example ``policy.toml``::

    [mask]
    labels = ["PERSON", "ORG", "LOCATION", "PHONE", "EMAIL", "ID_NUMBER", "URL"]
    style = "keep-length"          # keep-length | fixed | label | numbered
    flag_markup = true
    allow = ["人民日报"]
    deny = ["内部资料"]

    [register]
    orgs = ["晋北能源集团东岭煤业有限公司"]
    aliases = ["东岭公司"]
    persons = ["张建国"]
    sites = ["东岭煤矿"]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from baogao.errors import PolicyError

KNOWN_LABELS = frozenset(
    {"PERSON", "ORG", "LOCATION", "PHONE", "EMAIL", "ID_NUMBER", "URL", "FIGURE", "PARTIAL_MASK", "DENY"}
)
DEFAULT_LABELS = frozenset(
    {"PERSON", "ORG", "LOCATION", "PHONE", "EMAIL", "ID_NUMBER", "URL", "PARTIAL_MASK", "DENY"}
)


class MaskStyle(str, Enum):
    """How a sensitive span is replaced.

    KEEP_LENGTH keeps every offset (one × per char) and is what the scorer reads;
    NUMBERED is the reversible one (same entity → same tag, kept in a vault).
    """

    KEEP_LENGTH = "keep-length"
    FIXED = "fixed"
    LABEL = "label"
    NUMBERED = "numbered"


@dataclass(frozen=True)
class Register:
    """Names known to be sensitive for one organisation: matched exactly, every occurrence."""

    orgs: frozenset[str] = frozenset()
    aliases: frozenset[str] = frozenset()
    persons: frozenset[str] = frozenset()
    sites: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.orgs or self.aliases or self.persons or self.sites)


@dataclass(frozen=True)
class Policy:
    """What the recognizers report and what mask/check treat as sensitive.

    Attributes:
        labels: finding labels that are masked and reported by ``check``.
        register: the organisation's own names (exact matches, labelled by kind).
        allow: extra terms never masked (added to ``models/allowlist.toml``).
        deny: extra terms always masked (label ``DENY``).
        mask_style: replacement style used by ``mask``.
        flag_markup: whether ``check`` reports leftover markup (paywall markers, tags).
    """

    labels: frozenset[str] = DEFAULT_LABELS
    register: Register = field(default_factory=Register)
    allow: frozenset[str] = frozenset()
    deny: frozenset[str] = frozenset()
    mask_style: MaskStyle = MaskStyle.KEEP_LENGTH
    flag_markup: bool = True


DEFAULT_POLICY = Policy()

_SECTIONS = {
    "mask": {"labels", "style", "flag_markup", "allow", "deny"},
    "register": {"orgs", "aliases", "persons", "sites"},
}


def _strings(path: Path, key: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PolicyError(path, f"{key} must be a list of non-empty strings")
    return frozenset(v.strip() for v in value)


def _check_keys(path: Path, data: dict[str, Any]) -> None:
    for section, value in data.items():
        if section not in _SECTIONS:
            raise PolicyError(path, f"unknown section [{section}] (expected mask, register)")
        if not isinstance(value, dict):
            raise PolicyError(path, f"[{section}] must be a table")
        unknown = set(value) - _SECTIONS[section]
        if unknown:
            raise PolicyError(path, f"unknown key(s) in [{section}]: {', '.join(sorted(unknown))}")


def policy_from_dict(data: dict[str, Any], *, path: Path | str = "<policy>") -> Policy:
    """Build and validate a policy from parsed TOML (raises PolicyError with the reason)."""
    p = Path(path)
    _check_keys(p, data)
    mask = data.get("mask", {})
    reg = data.get("register", {})
    labels = _strings(p, "mask.labels", mask["labels"]) if "labels" in mask else DEFAULT_LABELS
    bad = labels - KNOWN_LABELS
    if bad:
        raise PolicyError(p, f"unknown label(s): {', '.join(sorted(bad))}")
    try:
        style = MaskStyle(mask.get("style", MaskStyle.KEEP_LENGTH.value))
    except ValueError:
        raise PolicyError(p, f"mask.style must be one of {[s.value for s in MaskStyle]}") from None
    flag = mask.get("flag_markup", True)
    if not isinstance(flag, bool):
        raise PolicyError(p, "mask.flag_markup must be true or false")
    register = Register(
        **{
            k: _strings(p, f"register.{k}", reg[k]) if k in reg else frozenset()
            for k in _SECTIONS["register"]
        }
    )
    return Policy(
        labels=labels,
        register=register,
        allow=_strings(p, "mask.allow", mask["allow"]) if "allow" in mask else frozenset(),
        deny=_strings(p, "mask.deny", mask["deny"]) if "deny" in mask else frozenset(),
        mask_style=style,
        flag_markup=flag,
    )


def load_policy(path: Path | None) -> Policy:
    """Read a policy TOML file; ``None`` gives the default policy.

    Raises:
        PolicyError: the file is missing, is not TOML, or has unknown keys/values.
    """
    if path is None:
        return DEFAULT_POLICY
    from baogao.resources import user_toml

    path = Path(path)
    return policy_from_dict(user_toml(path, "policy"), path=path)
