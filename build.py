#!/usr/bin/env python3
"""Build the brochure: ``python build.py [build|check|serve|schema|new] [options]``.

With no command it builds the site into ``public/``; see ``python build.py --help``.
"""

import sys

from brochure.cli import main

if __name__ == "__main__":
    sys.exit(main(default="build"))
