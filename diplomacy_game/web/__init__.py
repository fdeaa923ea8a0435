"""The browser front: the same Textual game served to a class (``diplomacy-game serve``)."""
