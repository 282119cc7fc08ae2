"""`python -m web.cli …` runs the same command line as `filmhouse …`."""

from web.cli import main

raise SystemExit(main())
