"""`python -m pmlint` runs the command line."""

from pmlint.cli import main

if __name__ == "__main__":
    main(prog_name="pmlint")
