import sys

try:
    from comments.cli import main
except KeyboardInterrupt:  # Ctrl-C while the libraries load
    print("interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
