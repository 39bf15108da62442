"""The Gradio web app: chat with clickable citations, the document browser, and the trainers' tools."""

from .layout import build_app, launch, launch_options

__all__ = ["build_app", "launch", "launch_options"]
