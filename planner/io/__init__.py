"""Files a plan is written to and read from: the plan folder (plan_folder) and the finance
workbook (workbook)."""
