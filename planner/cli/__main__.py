"""`python -m planner.cli` runs the command line, as `planner` and `python -m planner` do."""

from planner.cli import main

if __name__ == "__main__":
    main()
