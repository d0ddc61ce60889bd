"""What is derived from a frozen object is made once while it is kept."""

import gc

from accountkit._identity import Derived


class Key:
    """An object whose equal twin is still another key."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key)

    def __hash__(self) -> int:
        return 0


def test_made_once_for_one_object_and_again_for_an_equal_other():
    made: list[Key] = []

    def make(key: Key) -> list[Key]:
        made.append(key)
        return [key]

    derived = Derived(make)
    first, twin = Key(), Key()
    value = derived(first)
    assert value == [first]
    assert derived(first) is value
    assert made == [first]
    assert derived(twin)[0] is twin
    assert made == [first, twin]


def test_the_oldest_goes_first_when_full():
    made: list[int] = []
    derived = Derived(lambda key: made.append(id(key)) or id(key), size=2)
    a, b, c = Key(), Key(), Key()
    derived(a)
    derived(b)
    derived(c)  # a goes
    assert made == [id(a), id(b), id(c)]
    derived(b)
    derived(c)
    assert len(made) == 3  # b and c were kept
    derived(a)
    assert made[-1] == id(a)
    assert len(made) == 4  # a was made again


def test_a_kept_object_is_held_so_its_identity_is_not_reused():
    derived = Derived(lambda _key: object(), size=4)
    key = Key()
    value = derived(key)
    identity = id(key)
    del key
    gc.collect()
    # the entry still holds the object: no new object can take its identity
    assert any(id(obj) == identity for obj, _ in derived._kept.values())
    assert derived._kept[identity][1] is value
