"""Every public model survives JSON exactly (issue 2, section 5).

The models are found by walking every public ``__all__``, so models added by
later packages are covered as soon as they are exported and have a strategy.
"""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accountkit.serialization import from_dict, from_json, to_dict, to_json
from api_walk import public_models
from json_values import only_json_values


@pytest.mark.parametrize("cls", public_models(), ids=lambda cls: cls.__qualname__)
@settings(max_examples=40)  # a serialization property; models are drawn dearly
@given(data=st.data())
def test_public_model_round_trips_through_json(cls, data):
    instance = data.draw(st.from_type(cls))
    plain = to_dict(instance)
    assert only_json_values(plain)
    assert from_dict(cls, plain) == instance
    text = to_json(instance)
    assert json.loads(text) == plain
    assert from_json(cls, text) == instance
    assert to_dict(from_json(cls, text)) == plain
