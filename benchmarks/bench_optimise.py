"""Optimiser speed at enterprise scale: synthetic orgs, 4 quarters, 3 capabilities, every lever.

For each size, in a fresh process: generate the org (not timed), load it and prepare the
problem data, build the model from arrays, solve with HiGHS (arrays passed directly),
explain and extract the plan tables. Then write the same model as MPS and time HiGHS alone
reading and solving that file: the ratio total / HiGHS-alone is the planner's overhead.

Reproduce:  .venv/bin/python benchmarks/bench_optimise.py --positions 1000 10000 100000
            (PLANNER_BENCH_WHOLE=1 in the environment: with solver.whole_people)
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

SCENARIO = {
    "name": "benchmark: every lever on",
    "inputs": {"team_by": "team"},
    "horizon": {"periods": 4, "period": "quarter", "start": "2027-01"},
    "capabilities": [
        {"id": "document_ai", "kind": "execute", "categories": ["data_processing",
                                                               "data_collection"],
         "cost_per_hour": 12, "fixed_cost_per_team": 3000, "implementation_cost": 15000,
         "adoption": [0.25, 0.5, 0.75, 0.9], "ops_hours_per_fte": 40000,
         "ops_cost_per_fte": 85000},
        {"id": "service_agent", "kind": "execute", "tasks": ["T0017", "T0018", "T0031"],
         "cost_per_hour": 18, "adoption": [0.1, 0.3, 0.5, 0.6]},
        {"id": "copilot", "kind": "assist", "categories": ["applying_expertise",
                                                          "stakeholder_interaction"],
         "uplift": 0.15, "cost_per_assisted_fte": 480, "adoption": [0.3, 0.6, 0.8, 0.9]},
    ],
    "levers": {
        "span": {"min": 3, "max": 12},
        "team_fte": {"min_share": 0.5, "max_share": 1.5},
        "max_reduction_per_period": 0.15,
        "max_reduction_overall": 0.3,
        "protected_roles": ["compliance_officer"],
        "hiring": {"cap_per_period": None, "cost_per_hire": 6000,
                   "role_caps": {"software_engineer": 1000}},
        "reskilling": [
            {"from": "accounts_payable_clerk", "to": "financial_analyst",
             "capacity_per_period": 50, "cost_per_fte": 6000, "lead_time_periods": 1},
            {"from": "customer_support_agent", "to": "technical_support_specialist",
             "capacity_per_period": 100, "cost_per_fte": 4000, "lead_time_periods": 1},
        ],
        "redeployment": {"scope": "function", "cost_per_fte": 2500},
        "attrition": {"new": 0.2, "long": 0.1,
                      "roles": {"customer_support_agent": {"new": 0.35, "long": 0.2}}},
        "one_off_budget": None,
        "savings_target": 0.02,
        "overstaffing": {"cost_per_fte": 0},
        "short_time": {"per_pool": 2, "factor": 0.5, "cost_per_fte": 1000},
        "demand_growth": {"default": 0.03},
    },
    "objective": {"kind": "min_cost"},
    "solver": {"backend": "highs"},
}


def one(positions: int, seed: int) -> dict[str, object]:
    import highspy

    from planner.optimise import explain
    from planner.optimise.model import build_model
    from planner.optimise.solvers import solve, write_mps
    from planner.optimise.whole import make_whole
    from planner.plan.run import LAZY_KINDS, problem_data
    from planner.plan.tables import make_plan
    from planner.roster.synth import synthesise
    from planner.scenario.model import scenario_from_dict

    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "org.csv"
        synthesise(positions, seed).to_csv(roster, index=False)
        doc = json.loads(json.dumps(SCENARIO))
        doc["inputs"]["roster"] = str(roster)
        doc["levers"]["hiring"]["cap_per_period"] = max(10, positions // 50)
        doc["levers"]["one_off_budget"] = positions * 5000
        if os.environ.get("PLANNER_BENCH_WHOLE") == "1":  # solver.whole_people (off by default)
            doc["solver"]["whole_people"] = True
        sc = scenario_from_dict(doc, base_dir=tmp)
        t0 = time.perf_counter()
        data = problem_data(sc)
        t1 = time.perf_counter()
        built = build_model(data)
        t2 = time.perf_counter()
        sol = solve(built.model, "highs", lazy=LAZY_KINDS)
        t_lp = time.perf_counter()
        lp_objective, whole = sol.objective, None
        if sc.whole_people:  # the decisions in whole people
            sol, whole = make_whole(built, sol)
            built.whole = whole
        t3 = time.perf_counter()
        table = explain.constraint_table(built, sol)
        plan = make_plan(built, sol, explanations=tuple(explain.sentences(built, sol, table)),
                         constraints=table)
        t4 = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        mps = Path(tmp) / "model.mps"
        write_mps(built.model, str(mps))
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        t5 = time.perf_counter()
        h.readModel(str(mps))
        h.run()
        t6 = time.perf_counter()
        alone_obj = h.getInfo().objective_function_value
    total = t4 - t0
    return {
        "positions": positions, "status": plan.summary["status"],
        "pools": len(data.pools), "teams": len(data.teams),
        **built.model.size(),
        "load_and_data_s": round(t1 - t0, 2), "build_s": round(t2 - t1, 2),
        "solve_s": round(t3 - t2, 2), "lp_s": round(t_lp - t2, 2),
        "whole_s": round(t3 - t_lp, 2), "solve_note": sol.message,
        "lp_objective": round(lp_objective, 2),
        **({"whole_method": whole.method.value, "whole_objective": whole.objective,
            "whole_gap": round(whole.gap, 5) if whole.gap is not None else None,
            "whole_decisions": whole.units, "whole_fractional": whole.fractional,
            "whole_resolves": whole.resolves, "whole_batches": whole.batches,
            "whole_failed_resolves": whole.failed,
            "whole_simplex_iterations": whole.iterations} if whole is not None else {}),
        "explain_and_tables_s": round(t4 - t3, 2),
        "total_s": round(total, 2), "highs_alone_from_mps_s": round(t6 - t5, 2),
        "ratio_total_to_highs_alone": round(total / max(t6 - t5, 1e-9), 2),
        "same_objective": abs(alone_obj - lp_objective) <= 1e-6 * max(1, abs(alone_obj)),
        "peak_rss_mb": round(peak),
        "fte_before": round(plan.summary["fte_before"], 1),
        "fte_after": round(plan.summary["fte_after"], 1),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _sizes import main

    main(__file__, __doc__, one, [1000, 10_000, 100_000], seed=7)
