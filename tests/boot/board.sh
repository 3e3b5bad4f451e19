# board.sh: sourced by the boot test scripts, with $board and $top set: where the board's test
# image, kernel and downloads are, and its QEMU settings (board/<board>/board.conf).
# KERNEL_SUITE=bullseye: the image built for that Debian release's kernel, and that kernel.
build=${WARD_BUILD:-$top/build}
dl=${DL_DIR:-$build/dl}
out=$build/test-$board${KERNEL_SUITE:+-$KERNEL_SUITE}

# An app's line longer than a console row shows as rows, the ones after the first as
# "<app>+ <text>" (init/output.c): joined again here into the line the app wrote, each row
# with or without the kernel's timestamp. A line is held only while its last row is full
# (80 columns less 20 of timestamp and the name's: it may go on; up to 3 bytes shorter, cut
# on a UTF-8 boundary). A kernel message (timestamped) between the rows of a line PID 1 wrote
# itself (not) is passed on, the line still held: the kernel prints its messages as they
# come, between any two writes of PID 1's. A filter: console log in, lines out, in order.
join_rows() {
	awk '
	function flush() { if (held != "") print held; held = "" }
	# Holds the line so far while its last row, text, may go on; else prints it.
	function hold(text) {
		if (length(text) >= 80 - 20 - 2 - length(held_app) - 3)
			return
		flush()
	}
	{
		line = $0
		stamped = sub(/^\[ *[0-9.]+\] /, "", line)
		if (held != "" && stamped && !held_stamped) {
			print
			next
		}
		if (held != "" && match(line, /^[a-z0-9_-]+\+ /) &&
		    substr(line, 1, RLENGTH - 2) == held_app) {
			held = held substr(line, RLENGTH + 1)
			hold(substr(line, RLENGTH + 1))
			next
		}
		flush()
		if (match(line, /^[a-z0-9_-]+: /)) {
			held = $0
			held_app = substr(line, 1, RLENGTH - 2)
			held_stamped = stamped
			hold(substr(line, RLENGTH + 1))
			next
		}
		print
	}
	END { flush() }'
}
. "$top/board/$board/board.conf"
kernel=$dl/$ARCH${KERNEL_SUITE:+-$KERNEL_SUITE}/kernel
