"""The law as data: collective-redundancy rule sets (:mod:`planner.compliance.rules`) and
what they require of a plan's exits per establishment and window
(:mod:`planner.compliance.windows`). Pure: no optimiser, no plan, no face."""
