"""The malloc setting that keeps a long run's memory flat."""

from __future__ import annotations

import platform

from kartlagg.ads import heap


def test_glibc_takes_the_fixed_mmap_threshold_and_other_platforms_are_left_alone() -> None:
    on_glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert heap.fix_mmap_threshold() is on_glibc
    assert heap.fix_mmap_threshold() is on_glibc  # once per process: the second call changes nothing


def test_free_heap_pages_go_back_on_glibc_and_other_platforms_are_left_alone() -> None:
    on_glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    # 40 MB of blocks from malloc's heap (above pymalloc's 512 bytes, below the mmap threshold), then one
    # kept block above them: freed, they lie in the middle of the heap, where only a trim returns them.
    garbage = [bytearray(4096) for _ in range(10_000)]
    kept = bytearray(4096)
    del garbage
    assert heap.release_free_pages() is on_glibc
    assert len(kept) == 4096
