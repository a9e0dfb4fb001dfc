import sys

from comments.cli import main

sys.exit(main())
