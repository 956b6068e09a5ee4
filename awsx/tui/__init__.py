"""The Textual app around the screens and widgets: the App (app.py, the composition root), the
one table of views (views.py), navigation state and history (navigation.py), what every view
reads from the app (context.py: one ViewContext in one reactive), the background work that
reports by message (controllers/), the ``:`` command grammar, key remapping and per-account
configuration. Renders what the engines answer; never imports boto."""
