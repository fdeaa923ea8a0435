"""The browser front: the same Textual game served to a class (``diplomacy-game serve``)."""

WARM_GAMES = 10  # games a class server starts ahead (about 50 MB each; serve --warm)
