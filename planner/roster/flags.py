"""Default thresholds of the spans-and-layers review (`OrgGraph.flags`).

A module of constants alone, so that the command line can show them in its help without
importing the graph code.
"""

from __future__ import annotations

WIDE_SPAN = 12
"""Spans above this many direct reports are flagged as wide [positions]."""
NARROW_SPAN = 3
"""Spans below this many direct reports (but above one) are flagged as narrow [positions]."""
DEEP_LAYER = 8
"""Positions below this layer are flagged as deep chains [layers]."""
