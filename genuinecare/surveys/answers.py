"""The compact answer vector: one signed byte per item, in the wave's item order.

1..5 on the agreement scale, 0..10 for likelihood to recommend, and two codes
below zero that scoring reads as "no value": ``SKIPPED`` and ``NOT_APPLICABLE``.
A wave's answers load as one numpy matrix from the concatenated vectors.
"""

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

SKIPPED = -1
NOT_APPLICABLE = -2


def encode(values: Sequence[int]) -> bytes:
    """The stored form of one response (values already validated)."""
    return np.asarray(values, dtype=np.int8).tobytes()


def decode_matrix(
    vectors: Iterable[bytes | memoryview], *, n_items: int
) -> npt.NDArray[np.float64]:
    """Respondents x items as floats, NaN where an item was skipped or did not apply.

    One join and one reshape: no Python work per answer.
    """
    raw = np.frombuffer(b"".join(vectors), dtype=np.int8)
    if n_items == 0:
        return np.empty((0, 0))
    if raw.size % n_items:
        raise ValueError(f"answer vectors do not hold {n_items} items each")
    matrix = raw.reshape(-1, n_items).astype(np.float64)
    matrix[matrix < 0] = np.nan
    return matrix
