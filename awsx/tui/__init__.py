"""The Textual app around the screens and widgets: the App (composition root), navigation
state and history, the ``:`` command grammar, key remapping and per-account configuration.
Renders what the engines answer; never imports boto."""
