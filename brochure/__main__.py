import sys

from brochure.cli import main

sys.exit(main(default="build"))
