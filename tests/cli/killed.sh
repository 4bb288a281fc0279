# killed.sh, sourced by the kill cases: killed SIG FILE COMMAND... starts
# COMMAND (a tool writing -o FILE) in the background, waits for its
# temporary file .FILE.XXXXXX, sends SIG and prints the status, what FILE
# holds and how many temporary files are left (then removes them). A tool
# killed mid-write leaves FILE as it was: TERM and INT also remove the
# temporary file; KILL cannot be caught and leaves it (troc(7)).
# Under make valgrind the killed tool is not held to its leaks
# (TROC_LEAKS=no), and $small is set: the cases take smaller inputs.
# With written=1 (the default) the kill waits for bytes in the temporary
# file, caught mid-write; a tool that writes only at its end sets 0. A
# tool held up by its input sets settle: seconds to let it be before.
# A case may set whole to a file holding what a complete run writes: a
# kill that lands after the tool's rename (its last bytes written between
# the poll below and the kill, as under valgrind on a loaded machine)
# finds FILE whole; that is a kill that missed the write, not a failure,
# and it is tried again, up to five times. A partial FILE is never
# forgiven.
small=
[ "${TROC_VALGRIND:-0}" = 1 ] && small=1
written=1 settle=0 whole=

killed() {
	local sig=$1 out=$2 pid status ended try=1
	shift 2
	while :; do
		echo old > "$out"
		TROC_LEAKS=no "$@" 2>err & pid=$!
		ended=
		until [ -n "$(find . -maxdepth 1 -name ".$out.*" \
		    $([ $written = 1 ] && echo -size +0))" ]; do
			kill -0 $pid 2>/dev/null || { ended=1; break; }
			sleep 0.01
		done
		sleep $settle
		kill -"$sig" $pid 2>/dev/null; { wait $pid; } 2>/dev/null; status=$?
		[ -n "$whole" ] && [ $try -lt 5 ] && cmp -s "$out" "$whole" ||
		    break
		rm -f ."$out".*; try=$((try + 1))
	done
	[ -n "$ended" ] && echo "ended before the kill"
	echo "$sig: status $status"
	cat "$out"; ls -A | grep -c "^\.$out\."; cat err
	rm -f ."$out".*
}
