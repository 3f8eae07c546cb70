"""Sampling uncertain inputs: each distribution's quantile function against known values
and its range, the truncation of a normal to the range its key accepts, the random streams
and the Gaussian copula's correlation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.batch.sampling import (
    correlated_uniforms,
    normal_cdf,
    normal_ppf,
    ppf,
    rng_for,
    support,
)
from planner.scenario.model import Distribution


@pytest.mark.parametrize(("dist", "u", "expected"), [
    (Distribution(dist="uniform", low=2, high=6), [0, 0.25, 0.5, 1], [2, 3, 4, 6]),
    # Triangular(0, 1, 2): CDF u = x^2 / 2 left of the mode, so x = sqrt(2u).
    (Distribution(dist="triangular", low=0, mode=1, high=2), [0, 0.125, 0.5, 0.875, 1],
     [0, 0.5, 1, 1.5, 2]),
    # Triangular(0, 0, 1) has CDF 1 - (1 - x)^2: x = 1 - sqrt(1 - u).
    (Distribution(dist="triangular", low=0, mode=0, high=1), [0, 0.75, 1], [0, 0.5, 1]),
    (Distribution(dist="normal", mean=10, sd=2), [0.5, 0.975, 0.025],
     [10, 10 + 1.959964 * 2, 10 - 1.959964 * 2]),
    # Beta(1, 1) is the uniform, scaled to [low, high].
    (Distribution(dist="beta", alpha=1, beta=1, low=10, high=20), [0, 0.3, 1], [10, 13, 20]),
])
def test_quantiles_match_known_values(dist, u, expected):
    assert ppf(dist, np.array(u, dtype=float)) == pytest.approx(expected, abs=1e-3)


def test_a_normal_is_truncated_to_the_range_its_key_accepts():
    d = Distribution(dist="normal", mean=0.5, sd=1.0)
    x = ppf(d, np.linspace(0, 1, 101), bounds=(0.0, 1.0))
    assert x.min() >= 0.0 and x.max() <= 1.0 and x.min() < 0.05 and x.max() > 0.95
    assert support(d, (0.0, 1.0)) == (0.0, 1.0)
    assert support(d) == (-math.inf, math.inf)
    # its own low/high and the key's range: the narrower of each end
    assert support(Distribution(dist="normal", mean=0.5, sd=1, low=0.2), (0.0, 1.0)) == (0.2, 1.0)


def test_a_normal_whose_mass_lies_outside_its_range_gives_the_nearest_end():
    d = Distribution(dist="normal", mean=50, sd=0.1)
    assert ppf(d, np.array([0.0, 0.5, 1.0]), bounds=(0.0, 1.0)).tolist() == [1.0, 1.0, 1.0]


def test_support_of_beta_defaults_to_the_unit_range():
    assert support(Distribution(dist="beta", alpha=2, beta=3)) == (0.0, 1.0)
    assert support(Distribution(dist="triangular", low=1, mode=2, high=4)) == (1.0, 4.0)


def test_quantiles_clip_u_to_zero_and_one():
    d = Distribution(dist="uniform", low=0, high=1)
    assert ppf(d, np.array([-0.5, 1.5])).tolist() == [0.0, 1.0]


def test_normal_cdf_and_ppf_are_inverses():
    z = np.array([-3.0, -1.0, 0.0, 0.5, 2.5])
    assert normal_cdf(z) == pytest.approx([0.0013499, 0.1586553, 0.5, 0.6914625, 0.9937903],
                                          abs=1e-6)
    assert normal_ppf(normal_cdf(z)) == pytest.approx(z, abs=1e-6)
    assert np.isfinite(normal_ppf(np.array([0.0, 1.0]))).all()  # clipped away from 0 and 1


def test_a_stream_depends_only_on_seed_sample_and_path():
    draw = lambda *key: rng_for(*key).random(3).tolist()  # noqa: E731
    assert draw(7, 3, "levers.attrition.long") == draw(7, 3, "levers.attrition.long")
    others = [draw(8, 3, "levers.attrition.long"), draw(7, 4, "levers.attrition.long"),
              draw(7, 3, "levers.attrition.new")]
    assert all(o != draw(7, 3, "levers.attrition.long") for o in others)
    # seeds beyond 32 bits are folded, not refused
    assert draw(2**32 + 7, 3, "x") == draw(7, 3, "x")


@settings(max_examples=200, deadline=None)
@given(mean=st.floats(-5, 5), sd=st.floats(0.01, 10), lo=st.floats(-3, 3),
       width=st.floats(0.001, 5), u=st.lists(st.floats(0, 1), min_size=1, max_size=20))
def test_truncated_normal_stays_in_its_range(mean, sd, lo, width, u):
    d = Distribution(dist="normal", mean=mean, sd=sd, low=lo, high=lo + width)
    x = ppf(d, np.array(u))
    assert np.all(x >= lo) and np.all(x <= lo + width)
    assert np.all(np.diff(x[np.argsort(u)]) >= -1e-9)  # a quantile function is monotone


@settings(max_examples=100, deadline=None)
@given(lo=st.floats(-10, 10), a=st.floats(0, 1), w=st.floats(0.01, 10),
       alpha=st.floats(1, 8), beta=st.floats(1, 8), u=st.floats(0, 1))
def test_triangular_and_beta_stay_in_their_range(lo, a, w, alpha, beta, u):
    tri = Distribution(dist="triangular", low=lo, mode=lo + a * w, high=lo + w)
    bet = Distribution(dist="beta", alpha=alpha, beta=beta, low=lo, high=lo + w)
    for d in (tri, bet):
        x = float(ppf(d, np.array([u]))[0])
        assert lo - 1e-9 <= x <= lo + w + 1e-9


def test_beta_quantiles_match_known_values():
    d = Distribution(dist="beta", alpha=2, beta=2)
    assert float(ppf(d, np.array([0.5]))[0]) == pytest.approx(0.5, abs=1e-4)
    # Beta(2, 1) has CDF x^2: its median is sqrt(0.5).
    d = Distribution(dist="beta", alpha=2, beta=1)
    assert float(ppf(d, np.array([0.5]))[0]) == pytest.approx(math.sqrt(0.5), abs=1e-3)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**31), rho=st.floats(0, 1),
       groups=st.lists(st.integers(0, 4), min_size=1, max_size=30))
def test_correlated_uniforms_are_uniforms(seed, rho, groups):
    u = correlated_uniforms(rng_for(seed, 0, "x"), np.array(groups), rho)
    assert u.shape == (len(groups),) and np.all((u >= 0) & (u <= 1))
    if rho == 1:  # one draw per group
        for g in set(groups):
            assert np.ptp(u[np.array(groups) == g]) < 1e-12


def test_correlation_within_a_category_is_what_was_asked():
    groups = np.repeat(np.arange(2), 2)
    draws = np.array([correlated_uniforms(rng_for(5, s, "x"), groups, 0.7)
                      for s in range(4000)])
    within = np.corrcoef(draws[:, 0], draws[:, 1])[0, 1]
    across = np.corrcoef(draws[:, 0], draws[:, 2])[0, 1]
    assert within == pytest.approx(0.68, abs=0.05)  # rank correlation of a 0.7 copula
    assert abs(across) < 0.05
