"""What counts as plain JSON: the shape every to_dict result must have."""

__all__ = ["only_json_values"]

JSON_SCALARS = (str, int, float, bool, type(None))


def only_json_values(value: object) -> bool:
    """Tell whether ``value`` is made only of dicts with str keys, lists and scalars."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and only_json_values(v) for k, v in value.items())
    if isinstance(value, list):
        return all(only_json_values(v) for v in value)
    return isinstance(value, JSON_SCALARS)
