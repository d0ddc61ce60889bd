"""JSON Schemas shipped with accountkit.

Read them with :func:`accountkit.serialization.schema`.
"""

__all__: list[str] = []
