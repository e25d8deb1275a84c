"""Progress bars that show on a terminal and stay silent when piped."""

from __future__ import annotations

import sys
from contextlib import contextmanager

__all__ = ["progress"]


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str) -> None:
        pass


@contextmanager
def progress(desc: str, *, unit: str = "it", enabled: bool | None = None, total=None):
    """Yield an object with ``update(n)``; a tqdm bar only when stderr is a TTY."""
    if enabled is None:
        enabled = _is_terminal(sys.stderr)
    if not enabled:
        yield _Silent()
        return
    from tqdm import tqdm

    bar = tqdm(desc=desc, unit=unit, total=total, file=sys.stderr, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()
