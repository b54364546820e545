#!/bin/bash
# shellcheck disable=SC2154  # here, check, ... come from run.sh
# Sourced by run.sh: xtop's folders are layers that point one way
# (util <- backend <- model <- ui <- cmd); only backend/ touches Xen or
# runs xl, only ui/ draws with curses.
set -eu

layer_rank() {
	case $1 in
	util) echo 0 ;; backend) echo 1 ;; model) echo 2 ;; ui) echo 3 ;; cmd) echo 4 ;; *) echo 9 ;;
	esac
}

layers_point_one_way() {
	local src=$here/.. f dir inc target bad=0
	for f in "$src"/{util,backend,model,ui,cmd}/*.[ch]; do
		dir=$(basename "$(dirname "$f")")
		while read -r inc; do
			target=${inc#../}
			target=${target%%/*}
			[ "$inc" != "$target" ] || continue      # same folder
			if [ "$(layer_rank "$target")" -gt "$(layer_rank "$dir")" ]; then
				echo "$dir/$(basename "$f") includes $inc: $target/ is above $dir/"
				bad=1
			fi
		done < <(sed -n 's/^#include "\(.*\)"/\1/p' "$f")
	done
	return "$bad"
}
check_steps "layers: util <- backend <- model <- ui <- cmd, no include points up" layers_point_one_way

only_backend_touches_xen() {
	local src=$here/.. bad=0
	if grep -n '#include <xen' "$src"/{util,model,ui,cmd}/*.[ch]; then bad=1; fi
	# Programs are run from util/proc.c's helpers; outside backend/ nothing calls them.
	if grep -n 'xt_run_capture\|xt_run_interactive' "$src"/{model,ui,cmd}/*.c; then bad=1; fi
	return "$bad"
}
check_steps "layers: only backend/ includes Xen headers or runs xl" only_backend_touches_xen

ui_acts_through_model() {
	local src=$here/.. bad=0
	# The screens read from the backend themselves (samples, the pool, why
	# a domain went, the domain page's extras); every action goes through
	# model/ (control.c, launch.c), which checks a value before the backend
	# sees it.
	if grep -no 'ops->[a-z_]*\|->progress' "$src"/ui/*.c |
		grep -v ':ops->\(sample\|pool\|why_gone\|domain_info\|console_tail\)$'; then
		bad=1
	fi
	return "$bad"
}
check_steps "layers: ui/ acts on a domain only through model/ (control.c, launch.c)" ui_acts_through_model

screens_leave_the_loop_alone() {
	local src=$here/.. f bad=0
	# app.c draws the screens and hands them keys through its screen table;
	# a screen reports through message.c and redraws through ui->redraw,
	# so none calls back into the loop.
	for f in "$src"/ui/*.c; do
		case ${f##*/} in app.c | bench.c) continue ;; esac
		if grep -Hn '\bui_\(draw\|take_sample\|rebuild_rows\|init_state\|free_state\)(' "$f"; then bad=1; fi
	done
	return "$bad"
}
check_steps "layers: no screen calls back into the loop (ui/app.c)" screens_leave_the_loop_alone

only_ui_draws() {
	local src=$here/.. bad=0
	# xenlive-vnc draws on the framebuffer, not with curses; batch mode
	# writes plain lines.
	if grep -n '#include <n\{0,1\}curses' "$src"/{util,backend,model,cmd}/*.[ch]; then bad=1; fi
	return "$bad"
}
check_steps "layers: only ui/ includes curses" only_ui_draws
