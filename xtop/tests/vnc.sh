# shellcheck shell=bash disable=SC2154  # out, work, here, check come from run.sh
# xenlive-vnc (sourced by run.sh): against a fake VNC server, into a
# framebuffer that is a plain file: the handshake and encodings it asks
# for, the guest's screen centred, scaled down and resized, and one
# sentence for each server it cannot use.  Every build flavour.

# vnc_run VARIANT MODE FB_SIZE: runs the viewer against a fresh server in
# MODE until the server has answered UPDATES requests, then stops it.
vnc_run() {
	local variant=$1 mode=$2 size=$3 updates=${4:-1} i=0
	rm -f "$work/vnc.port" "$work/vnc.fb"
	: >"$work/vnc.fb"
	python3 "$here/fake-vnc-server.py" "$work/vnc.port" "$mode" >"$work/vnc.server" 2>&1 &
	local server=$!
	while [ ! -s "$work/vnc.port" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	"$out/$variant/xenlive-vnc" --fb "$work/vnc.fb" --fb-size "$size" 127.0.0.1 "$(cat "$work/vnc.port")" \
		</dev/null >"$work/vnc.out" 2>&1 &
	local viewer=$!
	i=0
	while ! grep -q "update request $((updates + 1))" "$work/vnc.server" && kill -0 "$viewer" 2>/dev/null &&
		[ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill "$viewer" 2>/dev/null || true
	wait "$viewer" || true
	kill "$server" 2>/dev/null || true
	wait "$server" 2>/dev/null || true
}

# pixel X Y WIDTH: the 32-bit pixel at X,Y of the file framebuffer, hex.
pixel() { od -An -tx4 -j $((($2 * $3 + $1) * 4)) -N4 "$work/vnc.fb" | tr -d ' '; }

vnc_centred() {
	vnc_run "$1" serve 128x64x32
	grep -q 'pixel format bpp=32 depth=24 truecolour=1' "$work/vnc.server"
	grep -q 'encodings 0 -223 -258' "$work/vnc.server"
	# The 64x32 screen sits in the middle of 128x64: red at (40,32), blue
	# at (90,32), black around it.
	[ "$(pixel 40 32 128)" = 00ff0000 ]
	[ "$(pixel 90 32 128)" = 000000ff ]
	[ "$(pixel 5 5 128)" = 00000000 ]
}
vnc_scaled() {
	vnc_run "$1" serve 32x32x32
	# Scaled to 32x16 and centred vertically (rows 8-23).
	[ "$(pixel 4 16 32)" = 00ff0000 ]
	[ "$(pixel 28 16 32)" = 000000ff ]
	[ "$(pixel 16 2 32)" = 00000000 ]
}
vnc_resized() {
	vnc_run "$1" resize 64x32x32 2
	# After the desktop-size change: 32x16 green, centred (x 16-47, y 8-23).
	[ "$(pixel 32 16 64)" = 0000ff00 ]
	[ "$(pixel 2 16 64)" = 00000000 ]
}
vnc_refused() {
	vnc_run "$1" password 64x32x32
	grep -q 'wants a password' "$work/vnc.out"
	vnc_run "$1" garbage 64x32x32
	grep -q 'does not speak VNC' "$work/vnc.out"
	not "$out/$1/xenlive-vnc" --fb "$work/vnc.fb" --fb-size 64x32x32 127.0.0.1 1 2>"$work/vnc.out"
	grep -q 'cannot connect to 127.0.0.1 port 1' "$work/vnc.out"
	not "$out/$1/xenlive-vnc" --fb "$work/missing/fb" 127.0.0.1 5900 2>"$work/vnc.out"
	grep -q 'cannot use the framebuffer' "$work/vnc.out"
	not "$out/$1/xenlive-vnc" 127.0.0.1 2>"$work/vnc.out"
	grep -q 'give the VNC server' "$work/vnc.out"
}
for variant in gcc clang asan; do
	check_steps "xenlive-vnc ($variant): a guest screen centred, with raw pixels and QEMU's key events asked for" vnc_centred "$variant"
	check_steps "xenlive-vnc ($variant): a larger screen scaled down, aspect kept" vnc_scaled "$variant"
	check_steps "xenlive-vnc ($variant): the screen follows a desktop-size change" vnc_resized "$variant"
	check_steps "xenlive-vnc ($variant): a password, a non-VNC server, no server, no framebuffer: one sentence each" vnc_refused "$variant"
done
