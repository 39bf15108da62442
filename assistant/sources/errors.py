"""The one error type of the sources package: a problem with a document that the user can act on."""

from __future__ import annotations


class DocumentError(Exception):
    """A problem with a document that the user can act on; `user_message` is shown as is."""

    def __init__(self, user_message: str, detail: str = "") -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.detail = detail  # technical cause, for logs only
