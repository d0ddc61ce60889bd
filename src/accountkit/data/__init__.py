"""Sample data shipped with accountkit (read with :mod:`importlib.resources`)."""

__all__: list[str] = []
