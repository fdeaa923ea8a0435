"""The commands of the command line, one typed function each; ``cli.py`` only parses the
arguments and calls them. Each returns the process's exit code."""
