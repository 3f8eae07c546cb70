"""Distributions of uncertain inputs, sampled through their quantile functions.

Every draw is ``ppf(u)`` for a uniform ``u``, so correlation is a Gaussian copula on the
``u`` and a sample depends only on the seed, the sample number and the input's key path
(:func:`rng_for`): the same on any executor, in any order, and on resume. No scipy: the
normal quantile is the standard library's, the beta quantile is the inverse of its CDF
integrated on a fine grid (``alpha``, ``beta`` >= 1 keep the density finite).
"""

from __future__ import annotations

import math
import zlib
from statistics import NormalDist

import numpy as np

from planner.scenario.model import Distribution, DistributionKind

_STD = NormalDist()
_ERF = np.frompyfunc(math.erf, 1, 1)
_INV = np.frompyfunc(_STD.inv_cdf, 1, 1)
_EPS = 1e-12


def rng_for(seed: int, sample: int, path: str) -> np.random.Generator:
    """The random stream of one input in one sample: a function of (seed, sample, path)
    only, so adding an input leaves the draws of the others unchanged."""
    return np.random.default_rng([seed & 0xFFFFFFFF, sample, zlib.crc32(path.encode())])


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """Standard normal CDF, elementwise."""
    return 0.5 * (1.0 + _ERF(np.asarray(z, dtype=float) / math.sqrt(2.0)).astype(float))


def normal_ppf(u: np.ndarray) -> np.ndarray:
    """Standard normal quantile, elementwise (``u`` clipped away from 0 and 1)."""
    return _INV(np.clip(np.asarray(u, dtype=float), _EPS, 1 - _EPS)).astype(float)


def support(d: Distribution, bounds: tuple[float | None, float | None] = (None, None),
            ) -> tuple[float, float]:
    """The range a distribution's draws fall in: its own, within ``bounds`` for a normal
    (truncated to both)."""
    if d.dist is DistributionKind.NORMAL:
        lo = max(x for x in (d.low, bounds[0], -math.inf) if x is not None)
        hi = min(x for x in (d.high, bounds[1], math.inf) if x is not None)
        return lo, hi
    if d.dist is DistributionKind.BETA:
        return (d.low if d.low is not None else 0.0), (d.high if d.high is not None else 1.0)
    assert d.low is not None and d.high is not None
    return d.low, d.high


def ppf(d: Distribution, u: np.ndarray,
        bounds: tuple[float | None, float | None] = (None, None)) -> np.ndarray:
    """Quantiles of a distribution at ``u`` in [0, 1]; a normal is truncated to its
    ``low``/``high`` and to ``bounds`` (the range its key accepts)."""
    u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
    lo, hi = support(d, bounds)
    if d.dist is DistributionKind.UNIFORM:
        return lo + u * (hi - lo)
    if d.dist is DistributionKind.TRIANGULAR:
        assert d.mode is not None
        width = hi - lo
        c = (d.mode - lo) / width if width else 0.5
        left = lo + np.sqrt(u * width * (d.mode - lo))
        right = hi - np.sqrt((1 - u) * width * (hi - d.mode))
        return np.where(u < c, left, right)
    if d.dist is DistributionKind.BETA:
        assert d.alpha is not None and d.beta is not None
        x = np.linspace(0.0, 1.0, 4097)
        pdf = x ** (d.alpha - 1) * (1 - x) ** (d.beta - 1)
        cdf = np.concatenate([[0.0], np.cumsum((pdf[1:] + pdf[:-1]) / 2)])
        cdf /= cdf[-1]
        return lo + np.interp(u, cdf, x) * (hi - lo)
    assert d.mean is not None and d.sd is not None
    a = normal_cdf(np.array([(lo - d.mean) / d.sd]))[0] if math.isfinite(lo) else 0.0
    b = normal_cdf(np.array([(hi - d.mean) / d.sd]))[0] if math.isfinite(hi) else 1.0
    if b - a < 1e-9:  # the whole mass lies outside the range: its nearest end
        return np.full(u.shape, lo if d.mean < lo else hi)
    out = d.mean + d.sd * normal_ppf(a + u * (b - a))
    return np.clip(out, lo, hi)


def correlated_uniforms(rng: np.random.Generator, groups: np.ndarray,
                        correlation: float) -> np.ndarray:
    """One uniform per item, items of the same group correlated (Gaussian copula with
    this correlation of the latent normals); ``groups`` holds an integer group per item."""
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    common = rng.standard_normal(n_groups)
    own = rng.standard_normal(len(groups))
    z = math.sqrt(correlation) * common[groups] + math.sqrt(1 - correlation) * own
    return normal_cdf(z)
