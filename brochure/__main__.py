import sys

from brochure.cli import entry

sys.exit(entry(default="build"))
