"""The Textual app: thin widgets over the core and the pure renderers."""
