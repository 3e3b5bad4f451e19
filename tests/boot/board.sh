# board.sh: sourced by the boot test scripts, with $board and $top set: where the board's test
# image, kernel and downloads are, and its QEMU settings (board/<board>/board.conf).
build=${WARD_BUILD:-$top/build}
dl=${DL_DIR:-$build/dl}
out=$build/test-$board

# An app's line longer than a console row shows as rows, the ones after the first as
# "<app>+ <text>" (init/output.c): joined again here into the line the app wrote, each row
# with or without the kernel's timestamp. A filter: console log in, lines out.
join_rows() {
	awk '
	function flush() { if (held != "") print held; held = "" }
	{
		line = $0
		sub(/^\[ *[0-9.]+\] /, "", line)
		if (held != "" && match(line, /^[a-z0-9_-]+\+ /) &&
		    substr(line, 1, RLENGTH - 2) == held_app) {
			held = held substr(line, RLENGTH + 1)
			next
		}
		flush()
		if (match(line, /^[a-z0-9_-]+: /)) {
			held = $0
			held_app = substr(line, 1, RLENGTH - 2)
			next
		}
		print
	}
	END { flush() }'
}
. "$top/board/$board/board.conf"
