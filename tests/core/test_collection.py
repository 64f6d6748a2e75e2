"""brochure/core/collection.py: collection is paused inside the block and given back after it,
whatever happens there, so a program that goes on (the preview, the tests) collects again."""

from __future__ import annotations

import gc

import pytest

from brochure.core.collection import collection_paused


def test_collection_comes_back_after_the_block_even_when_it_fails() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():  # a build reading its content pauses twice
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("a template failed")
    assert gc.isenabled()


def test_a_program_that_never_collects_is_left_so() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
