"""`python -m eval`: run the evaluation (see eval/README.md)."""

import sys

from eval.run import main

sys.exit(main())
