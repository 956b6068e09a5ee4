"""``python -m awsx.cli``: the ``awsx`` command."""

import sys

from awsx.cli.main import main

sys.exit(main())
