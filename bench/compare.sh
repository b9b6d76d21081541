#!/usr/bin/env bash
# compare.sh: SPIN, TLC and tcpcheck on the same model, back to back.
#
# Usage: bash bench/compare.sh [default|big] [runs]
#
#   default  tcpcheck explore with no flags (K = 2, loss budget 1)
#   big      --net-bound 3 --loss-budget 2 (tcpcheck's benchmark variant)
#   runs     rounds, 3 unless given; each round runs every tool once, in
#            turn, so that a change of load on a shared machine hits all of
#            them; the medians are printed
#
# Environment:
#   TLA2TOOLS  path to tla2tools.jar; TLC runs only if it is set (neither
#              Debian nor npm packages TLC; get the jar from the TLA+
#              project's releases). TLC_HEAP is its -Xmx (default 1g for
#              default, 6g for big; TLC gives a quarter of it to its
#              fingerprint set at start, so it sets TLC's resident size);
#              TLC_WORKERS (default "1 2") the -workers values to run.
#   KEEP=1     keep the tools' outputs (the directory is printed at the end)
#   TCPCHECK   a tcpcheck binary to use instead of building ./cmd/tcpcheck
#   SPIN_ONLY / TLC_ONLY / TCPCHECK_ONLY = 1 to run one tool only
#
# Every run is timed by /usr/bin/time -v: wall clock, CPU time (user +
# system) and the whole process's peak resident set (maximum RSS; for
# SPIN's two-core BFS, the largest of its processes, which share the hash
# table). "B/state" is peak RSS divided by distinct states; the ratios are
# tcpcheck's figure over the other tool's (states/s) and the other tool's
# over tcpcheck's (B/state), both against tcpcheck with 2 workers.
# Requires spin (apt-get install spin), gcc, go, /usr/bin/time. Not part of CI.
set -euo pipefail

config=${1:-default}
runs=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tcpcheck-compare.XXXXXX")
if [[ ${KEEP:-} == 1 ]]; then
	trap 'echo "outputs kept in $work"' EXIT
else
	trap 'rm -rf "$work"' EXIT
fi

case $config in
default)
	spinflags=""
	tlaK=2 tlaLB=1 tlaheap=1g
	tcpflags=(--variant rfc9293)
	;;
big)
	spinflags="-DK=3 -DLOSSBUDGET=2"
	tlaK=3 tlaLB=2 tlaheap=6g
	tcpflags=(--variant big)
	;;
*)
	echo "compare.sh: unknown configuration \"$config\": give default or big" >&2
	exit 2
	;;
esac

for tool in gcc /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "compare.sh: $tool not found" >&2; exit 2; }
done
want_spin=1 want_tlc=1 want_tcp=1
[[ ${SPIN_ONLY:-} == 1 ]] && want_tlc=0 want_tcp=0
[[ ${TLC_ONLY:-} == 1 ]] && want_spin=0 want_tcp=0
[[ ${TCPCHECK_ONLY:-} == 1 ]] && want_spin=0 want_tlc=0
if [[ $want_spin == 1 ]] && ! command -v spin >/dev/null; then
	echo "compare.sh: spin not found: apt-get install spin (Debian's 6.5.2)" >&2
	exit 2
fi
if [[ -z ${TLA2TOOLS:-} ]]; then
	if [[ $want_tlc == 1 ]]; then
		echo "compare.sh: TLC skipped: set TLA2TOOLS=/path/to/tla2tools.jar to run it (no Debian or npm package provides TLC)" >&2
	fi
	want_tlc=0
elif [[ $want_tlc == 1 ]]; then
	[[ -f $TLA2TOOLS ]] || { echo "compare.sh: TLA2TOOLS=$TLA2TOOLS is not a file: give the path of tla2tools.jar" >&2; exit 2; }
	command -v java >/dev/null || { echo "compare.sh: java not found (TLC needs Java 11 or later)" >&2; exit 2; }
fi

echo "configuration $config, $runs rounds, $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# tcpcheck
tcp=${TCPCHECK:-}
if [[ -z $tcp ]]; then
	(cd "$root" && go build -o "$work/tcpcheck" ./cmd/tcpcheck)
	tcp=$work/tcpcheck
fi
# expected counts, from one tcpcheck run
"$tcp" bench "${tcpflags[@]}" --workers 1 --runs 1 --format json -q >"$work/expect.json"
jnum() { grep -o "\"$1\": *[0-9.e+-]*" "$2" | head -1 | sed 's/.*: *//'; }
states=$(jnum distinct_states "$work/expect.json")
generated=$(jnum states_generated "$work/expect.json")
depth=$(jnum depth "$work/expect.json")
echo "tcpcheck: $states distinct states, $generated generated, depth $depth"

# hash table sizes for SPIN: 2^w slots, w = ceil(log2(states))
w=1
while (((1 << w) < states)); do w=$((w + 1)); done

# name|how to build|how to run
modes=()
if [[ $want_spin == 1 ]]; then
	modes+=(
		"spin-dfs|spin $spinflags -a|-O2 -DNOREDUCE -DSAFETY|./pan -w$w"
		"spin-bfs|spin $spinflags -DNOHIDDEN -a|-O2 -DNOREDUCE -DSAFETY -DBFS|./pan -w$w"
		"spin-bfs-par2-hc|spin $spinflags -DNOHIDDEN -a|-O2 -DNOREDUCE -DSAFETY -DBFS_PAR|./pan -w$((w + 1)) -u2"
		"spin-dfs-hc4|spin $spinflags -a|-O2 -DNOREDUCE -DSAFETY -DHC4|./pan -w$w"
	)
	for m in "${modes[@]}"; do
		IFS='|' read -r name gen cflags run <<<"$m"
		mkdir -p "$work/$name"
		(cd "$work/$name" && $gen "$here/promela/tcp.pml" && gcc $cflags -o pan pan.c)
	done
fi
if [[ $want_tlc == 1 ]]; then
	for wk in ${TLC_WORKERS:-1 2}; do
		mkdir -p "$work/tlc-w$wk"
		cp "$here/tla/TCP.tla" "$work/tlc-w$wk/"
		sed -e "s/^    K = .*/    K = $tlaK/" -e "s/^    LossBudget = .*/    LossBudget = $tlaLB/" \
			"$here/tla/TCP.cfg" >"$work/tlc-w$wk/TCP.cfg"
		modes+=("tlc-w$wk|-|-|java -Xmx${TLC_HEAP:-$tlaheap} -XX:+UseParallelGC -cp $TLA2TOOLS tlc2.TLC -workers $wk -deadlock -cleanup -config TCP.cfg TCP.tla")
	done
fi
if [[ $want_tcp == 1 ]]; then
	for wk in 1 2; do
		mkdir -p "$work/tcpcheck-w$wk"
		modes+=("tcpcheck-w$wk|-|-|$tcp bench ${tcpflags[*]} --workers $wk --runs 1 --format json -q")
	done
fi

# rounds
for ((r = 1; r <= runs; r++)); do
	for m in "${modes[@]}"; do
		IFS='|' read -r name gen cflags run <<<"$m"
		out=$work/$name/out.$r
		(cd "$work/$name" && /usr/bin/time -v -o "$out.time" $run >"$out" 2>&1) || true
		case $name in
		spin-*)
			st=$(awk '/states, stored/ {print $1; exit}' "$out")
			gn=$(awk '/transitions \(= stored\+matched\)/ {printf "%.0f", $1; exit}' "$out")
			dp=$(awk '/depth reached/ {sub(",", "", $6); print $6; exit}' "$out")
			;;
		tlc-*)
			# the fingerprint set and heap TLC chose, once
			[[ $r == 1 ]] && grep -o 'with [0-9]* workers\? on .*' "$out" | head -1 | sed "s/^/$name: /" >&2
			st=$(awk '/^[0-9,]+ states generated, / {for (i = 1; i <= NF; i++) if ($i == "generated,") {gsub(",", "", $(i+1)); print $(i+1); exit}}' "$out")
			gn=$(awk '/^[0-9,]+ states generated, / {gsub(",", "", $1); print $1; exit}' "$out")
			dp=$(awk '/depth of the complete state graph/ {sub("\\.$", "", $NF); print $NF; exit}' "$out")
			;;
		tcpcheck-*)
			st=$(jnum distinct_states "$out")
			gn=$(jnum states_generated "$out")
			dp=$(jnum depth "$out")
			;;
		esac
		wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s}' "$out.time")
		cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$out.time")
		rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out.time")
		echo "$name ${st:-?} ${gn:-?} ${dp:-?} $wall $cpu $rss" >>"$work/results"
		printf 'round %d %-18s states %s generated %s depth %s wall %ss cpu %ss maxrss %s kB\n' \
			"$r" "$name" "${st:-?}" "${gn:-?}" "${dp:-?}" "$wall" "$cpu" "$rss"
	done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# medians and ratios
echo
awk -v want="$states" -v wantgen="$generated" -v wantdepth="$depth" '
function median(list,    n, a, i, j, t) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return a[int((n + 1) / 2)]
}
{
	if (!($1 in seen)) { order[++k] = $1; seen[$1] = 1 }
	st[$1] = $2; gn[$1] = $3; dp[$1] = $4
	wall[$1] = wall[$1] " " $5; cpu[$1] = cpu[$1] " " $6; rss[$1] = rss[$1] " " $7
	# SPIN rounds its transitions to 8 digits and counts depth otherwise
	if ($2 != want || ($1 !~ /^spin/ && ($3 != wantgen || $4 != wantdepth))) bad[$1] = 1
}
END {
	ref = "tcpcheck-w2"
	if (ref in seen) { rw = median(wall[ref]); rc = median(cpu[ref]); rr = median(rss[ref]) * 1024 / want }
	printf "%-18s %10s %12s %5s %7s %7s %10s %8s %7s %7s %7s\n", "run", "states", "generated", "depth", "wall s", "cpu s", "states/s", "B/state", "wall x", "cpu x", "mem x"
	for (i = 1; i <= k; i++) {
		n = order[i]; w = median(wall[n]); c = median(cpu[n]); b = median(rss[n]) * 1024 / want
		sp = (w > 0) ? want / w : 0
		rs = (rw > 0 && w > 0) ? sprintf("%.2f", w / rw) : "-"
		rcx = (rc > 0 && c > 0) ? sprintf("%.2f", c / rc) : "-"
		rm = (rr > 0) ? sprintf("%.2f", b / rr) : "-"
		printf "%-18s %10s %12s %5s %7.2f %7.2f %10.0f %8.1f %7s %7s %7s%s\n", n, st[n], gn[n], dp[n], w, c, sp, b, rs, rcx, rm, (n in bad) ? "  COUNT DIFFERS" : ""
	}
	print ""
	print "states/s: distinct states over wall time. wall x, cpu x: the run'"'"'s wall time, CPU time"
	print "(user + system) over tcpcheck-w2'"'"'s: how many times faster tcpcheck with 2 workers is."
	print "mem x: the run'"'"'s bytes per state (peak RSS / distinct states) over tcpcheck-w2'"'"'s."
	print "Medians of the rounds; on a loaded machine compare the CPU figures."
	print "SPIN'"'"'s generated is its transitions (stored + matched); its depth is 0-based in BFS,"
	print "and in DFS the deepest stack, not comparable."
}' "$work/results"
