# board.sh: sourced by the boot test scripts, with $board and $top set: where the board's test
# image, kernel and downloads are, and its QEMU settings (board/<board>/board.conf).
build=${WARD_BUILD:-$top/build}
dl=${DL_DIR:-$build/dl}
out=$build/test-$board
. "$top/board/$board/board.conf"
