"""Typed errors. Each carries the file (or record id) and the cause so the CLI can print one clear line."""

from __future__ import annotations


class BaogaoError(Exception):
    """Base class: ``path`` names the input, ``cause`` says what went wrong in one line."""

    exit_code = 1

    def __init__(self, path: str | None, cause: str) -> None:
        self.path = str(path) if path is not None else None
        self.cause = cause
        super().__init__(f"{self.path}: {cause}" if self.path else cause)

    @property
    def kind(self) -> str:
        return type(self).__name__


class ReadError(BaogaoError):
    """The input could not be read or decoded (empty, binary, truncated, corrupt)."""


class UnsupportedFormatError(ReadError):
    """The file extension is not one baogao reads."""


class InputTooLargeError(ReadError):
    """The input exceeds the configured maximum size."""


class ModelMissingError(BaogaoError):
    """A trained artefact is absent; the message says how to build it."""


class ModelTrustError(BaogaoError):
    """A model file holds types outside the trusted list (possible tampering)."""


class OutputError(BaogaoError):
    """A result cannot be written where it was asked to go (that input fails; the batch goes on)."""


class PolicyError(BaogaoError):
    """A policy or theme TOML file is malformed."""


class UsageError(BaogaoError):
    """Bad command-line usage (exit code 2)."""

    exit_code = 2


class OutputClosed(Exception):
    """The stream the records go to was closed by its reader (``baogao extract dir | head``).

    Not a :class:`BaogaoError`: nothing went wrong, there is just no one left to write for,
    so the run stops and the command exits 0 without a message.
    """
