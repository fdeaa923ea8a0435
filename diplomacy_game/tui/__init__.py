"""The terminal UI (Textual). Nothing outside this package imports it, and importing the package itself loads nothing."""
