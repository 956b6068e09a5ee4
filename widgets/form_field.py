"""A form's text field that leaves a leading ``:`` to the view: no value typed into a form
begins with one (an endpoint, a port, an action, a tag key), so ``:`` at the start of a field
opens the command line, as it does anywhere else; later in the field it is text
(``arn:aws:...``, ``s3:GetObject``).

An Input claims every printable key, which takes it out of every binding above it, priority
ones too; saying it does not claim this one lets the app's priority ``:`` binding fire."""

from __future__ import annotations

from textual.widgets import Input


class FormField(Input):
    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character == ":" and not self.value:
            return False
        return super().check_consume_key(key, character)
