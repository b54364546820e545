# xtop: the ncurses monitor and launcher (placeholder until xtop lands).
.PHONY: xtop
xtop:
