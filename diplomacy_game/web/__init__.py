"""The browser front: the same Textual game served to a class (``diplomacy-game serve``)."""

WARM_GAMES = 10  # games a class server starts ahead (serve --warm)
# The memory one game takes, as measured (bench/README.md: 30 games open, 50 MB each in
# proportional set size). A system monitor shows about 70 MB a game: it counts in each the
# libraries the games share.
GAME_MB = 50
# The meta message a class's game sends the server when its student has signed in (the stem
# of their hand-in file), for the teacher's window (``progress.py``).
SIGNED_IN = "elbows-up-signed-in"
