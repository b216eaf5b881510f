"""The malloc setting that keeps a long run's memory flat."""

from __future__ import annotations

import platform

from kartlagg.ads import heap


def test_glibc_takes_the_fixed_mmap_threshold_and_other_platforms_are_left_alone() -> None:
    on_glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    assert heap.fix_mmap_threshold() is on_glibc
    assert heap.fix_mmap_threshold() is on_glibc  # once per process: the second call changes nothing
