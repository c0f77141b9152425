"""Command groups of the `parkwatch` command; each module exposes `register(app)`."""
