"""Short names for the numpy array types that the vectorised modules pass around."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["F64", "I8", "I32", "I64", "B"]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]
