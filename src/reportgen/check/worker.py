"""What a batch worker needs loaded, imported once by the process its workers are forked from.

Importing this module imports the checker and reads the built-in formats, rule books, lexicons and scoring
schemes, so each worker starts with them in memory (shared copy-on-write) instead of loading them again.
jieba's dictionary is left to the first doubled character a worker meets: few reports have one.
"""

from __future__ import annotations

import contextlib

from reportgen.check import detectors, docx_read, evidence, rubric, rules, schemes_for, standard_for  # noqa: F401 - imported to be shared
from reportgen.profiles import builtin_profiles


def preload() -> None:
    for profile in builtin_profiles().values():
        standard_for(profile)
        schemes_for(profile)


# Preloading only saves time: a broken profile is reported by the worker that needs it, in Chinese.
with contextlib.suppress(Exception):
    preload()
