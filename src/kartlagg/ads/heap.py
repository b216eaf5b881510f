"""Keep large freed blocks going back to the operating system, so a long run's memory stays flat.

glibc's malloc serves a block of 128 kB or more with its own mmap, returned to the system when freed —
until the first such block is freed: then it raises that threshold to the block's size (up to 32 MB) and
serves later blocks of that size from its heap, where freed space stays with the process and fragments.
The pipeline frees large numpy and Arrow temporaries of every size all the time, and the duplicate pass
of 5 million ads grew by ≈100 MB that way. Fixing the threshold turns the adjustment off. It changes
nothing but where blocks come from, and nothing at all where malloc is not glibc's.

Only the process that writes the store takes it (AdStore does), never the pipeline's workers: they
allocate and free a 16 MB read buffer and the MinHash and Arrow arrays for every block, and with every
large block a fresh mapping, each costs thousands of page faults. In a 1,000,000-ad run, reading cost
8.6-9.7 µs an ad with the threshold fixed in the workers and 3.5 without, building the tables 31 and 17.
With glibc's own adjustment the workers reuse that space, and their memory stays flat without the fix
(the same few block-sized buffers, over and over).
"""

from __future__ import annotations

import ctypes
import functools
import platform
from typing import Any

M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's <malloc.h>
MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value


@functools.cache
def fix_mmap_threshold() -> bool:
    """Once per process (a process forked afterwards inherits it); True when glibc took the setting."""
    mallopt = _glibc("mallopt", [ctypes.c_int, ctypes.c_int])
    return mallopt is not None and bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def release_free_pages() -> bool:
    """Hand the heap's free pages back to the system (glibc's malloc_trim), wherever they lie: at the end
    of an ingest the parent holds ≈50 MB of freed Arrow and numpy space that the duplicate pass would
    otherwise count on top of its own. True when glibc released something."""
    malloc_trim = _glibc("malloc_trim", [ctypes.c_size_t])
    return malloc_trim is not None and bool(malloc_trim(0))


def _glibc(name: str, argtypes: list[type]) -> Any:
    """glibc's function `name` (returning int), or None where malloc is not glibc's."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        function = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = argtypes
    function.restype = ctypes.c_int
    return function
