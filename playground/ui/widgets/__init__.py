"""Widgets: thin shells that show what the pure renderers draw."""
