/*
 * tcp.pml: the TCP model of docs/MODEL.md in Promela, for SPIN 6.5.
 *
 * Written from the text of docs/MODEL.md (not from package model/) for one
 * configuration: the defaults of `tcpcheck explore` (rfc9293 rules with
 * RFC 5961, monotone ISNs 100,300 stride 3, N = 1024, W = 3, R2 = 1, RTO on,
 * two OPENs, three attempts, client-server roles, duplication on, ABORT on,
 * TIME-WAIT guard drain-peer, no data, no crash, no old duplicates).
 * K (segments in flight) and LOSSBUDGET are macros, so `big` is
 *	spin -DK=3 -DLOSSBUDGET=2 -a tcp.pml
 * and the other parameters of MODEL.md §2 that the defaults fix are macros
 * too (N, W, R2, OPENS, MAXATT, STRIDE, ISSA, ISSB). -DSTRIDE=0 makes
 * every ISS the base one: the variant fixed-isn, where P1 fails.
 *
 * How the state vector is kept canonical, so that SPIN stores exactly the
 * states tcpcheck counts (MODEL.md §1, §15):
 *  - one process, one loop; every transition of MODEL.md §5 is one d_step,
 *    so no intermediate state is ever stored and the program counter is the
 *    same in every stored state;
 *  - the network is an array of K segment codes kept sorted (descending,
 *    empty slots 0 at the end): one representation per multiset;
 *  - the ghost fields (Att, PeerAtt, Confirmed, CloseCalled, Abrupt,
 *    Aborted) are state variables, as MODEL.md §1 says; fields that stay 0
 *    in this configuration (Crashes, Quiet, data, Listening) are left out;
 *  - scratch variables are `hidden` (outside the state vector);
 *  - a transition that hits a modelling bound (MODEL.md §11: K segments in
 *    flight, or an ISS draw with Att = MAXATT) jumps to the initial state,
 *    which is already stored. tcpcheck drops such successors uncounted;
 *    here they add no state either, so "states, stored" is tcpcheck's
 *    distinct states, and SPIN's "transitions" (stored + matched) is
 *    tcpcheck's "generated" (1 + transitions + bound hits).
 */

#ifndef K
#define K 2
#endif
#ifndef LOSSBUDGET
#define LOSSBUDGET 1
#endif
#ifndef N
#define N 1024
#endif
#ifndef W
#define W 3
#endif
#ifndef R2
#define R2 1
#endif
#ifndef OPENS
#define OPENS 2
#endif
#ifndef MAXATT
#define MAXATT 3
#endif
#ifndef STRIDE
#define STRIDE 3
#endif
#ifndef ISSA
#define ISSA 100
#endif
#ifndef ISSB
#define ISSB 300
#endif

/* states of RFC 9293 §3.3.2; CLOSED is 0, the initial state is all zeros */
#define CLOSED 0
#define LISTEN 1
#define SYNSENT 2
#define SYNRCVD 3
#define ESTAB 4
#define FINWAIT1 5
#define FINWAIT2 6
#define CLOSEWAIT 7
#define CLOSING 8
#define LASTACK 9
#define TIMEWAIT 10

/* segment flags, MODEL.md §1 */
#define FIN 1
#define SYN 2
#define RST 4
#define ACK 8

#define MOD(x) ((((x) % N) + N) % N)
/* MODEL.md §3: a < b iff 0 < (b-a) mod N < N/2 */
#define LT(a, b) (MOD((b) - (a)) > 0 && MOD((b) - (a)) < N / 2)
#define LE(a, b) ((a) == (b) || LT(a, b))

typedef Endpoint {
	byte st;       /* state */
	bit passive;   /* the TCB came from a passive OPEN */
	short iss;
	short irs;
	short una;     /* SND.UNA */
	short nxt;     /* SND.NXT */
	short rcv;     /* RCV.NXT */
	byte retx;     /* retransmissions of the front of the queue */
	byte opens;    /* OPEN calls made */
	byte att;      /* ghost: ISS draws so far */
	byte patt;     /* ghost: attempt tag of the SYN that set IRS */
	unsigned conf : 16; /* ghost: bit 4*Att+PeerAtt set whenever IRS is set */
	bit cc;        /* ghost: the user's last call was CLOSE or ABORT */
	bit abrupt;    /* ghost, sticky */
	bit aborted    /* ghost, sticky */
};

Endpoint ep[2];
int net[K];        /* segment codes, sorted descending, 0 = empty slot */
byte losses;       /* losses charged to LOSSBUDGET */

/*
 * Scratch variables, outside the state vector (`hidden`). SPIN's BFS
 * refuses hidden variables: compile with spin -DNOHIDDEN for it; then they
 * are ordinary globals, and commit() sets them back to 0 at the end of
 * every transition, so they are the same in every stored state.
 */
#ifdef NOHIDDEN
#define SCRATCH
#else
#define SCRATCH hidden
#endif
SCRATCH byte e, i, j, n;
SCRATCH int c, out;
SCRATCH byte gsrc, gfl, gside, gatt, glen;
SCRATCH short gseq, gack;
SCRATCH byte bound, stop, conn0, conn1;

/*
 * A segment code: src:1 flags:4 seq:11 ack:11 tagSide:1 tagAtt:2, most
 * significant first. Any injective code gives a canonical sorted array.
 */
#define CODE(src, fl, sq, ak, sd, at) \
	(((src) << 29) | ((fl) << 25) | ((sq) << 14) | ((ak) << 3) | ((sd) << 2) | (at))

inline decode(x) {
	gsrc = (x >> 29) & 1;
	gfl = (x >> 25) & 15;
	gseq = (x >> 14) & 2047;
	gack = (x >> 3) & 2047;
	gside = (x >> 2) & 1;
	gatt = x & 3;
	glen = ((gfl & SYN) != 0) + ((gfl & FIN) != 0)
}

inline count() {
	n = 0;
	do
	:: n < K && net[n] != 0 -> n++
	:: else -> break
	od
}

/* remove the segment in slot i, keeping the array sorted */
inline removeslot() {
	j = i;
	do
	:: j + 1 < K -> net[j] = net[j + 1]; j++
	:: else -> break
	od;
	net[K - 1] = 0
}

/* emission, MODEL.md §5: at most one segment per transition, own tag */
inline send(fl, sq, ak) {
	out = CODE(e, fl, MOD(sq), MOD(ak), e, ep[e].att)
}

/* ACK: <SEQ=SND.NXT><ACK=RCV.NXT><ACK> with e's own tag (MODEL.md §8) */
inline sendack() {
	send(ACK, ep[e].nxt, ep[e].rcv)
}

/* reset for g (§3.5.2), with g's tag */
inline resetfor() {
	if
	:: (gfl & ACK) != 0 -> out = CODE(e, RST, gack, 0, gside, gatt)
	:: else -> out = CODE(e, RST | ACK, 0, MOD(gseq + glen), gside, gatt)
	fi
}

/* entering CLOSED or LISTEN deletes the TCB (MODEL.md §1) */
inline enter(s) {
	ep[e].st = s;
	if
	:: s == CLOSED || s == LISTEN ->
		ep[e].iss = 0; ep[e].irs = 0; ep[e].una = 0; ep[e].nxt = 0;
		ep[e].rcv = 0; ep[e].retx = 0; ep[e].patt = 0;
		ep[e].passive = (s == LISTEN)
	:: else -> skip
	fi
}

/* draw an ISS (MODEL.md §6, monotone); the caller checked att < MAXATT */
inline drawiss() {
	ep[e].att++;
	if
	:: e == 0 -> ep[e].iss = MOD(ISSA + (ep[e].att - 1) * STRIDE)
	:: else -> ep[e].iss = MOD(ISSB + (ep[e].att - 1) * STRIDE)
	fi
}

/* setting IRS (MODEL.md §8) */
inline setirs() {
	ep[e].irs = gseq;
	ep[e].rcv = MOD(gseq + 1);
	ep[e].patt = gatt;
	ep[e].conf = ep[e].conf | (1 << (4 * ep[e].att + ep[e].patt))
}

#define INWIN(x) (MOD((x) - ep[e].rcv) < W)
#define ACCEPTABLE (glen == 0 -> INWIN(gseq) : (INWIN(gseq) || INWIN(gseq + glen - 1)))
/* a FIN is sent in these states (no data: FinPending is always false) */
#define FINSENT (ep[e].st == FINWAIT1 || ep[e].st == FINWAIT2 || ep[e].st == CLOSING || ep[e].st == LASTACK || ep[e].st == TIMEWAIT)
#define FINACKED (FINSENT && ep[e].una == ep[e].nxt)
#define SYNCHRONIZED(x) (ep[x].st >= ESTAB)
/* MODEL.md §16: connected(e) */
#define CONNECTED(x) (SYNCHRONIZED(x) && !((ep[x].st == FINWAIT1 || ep[x].st == CLOSING) && ep[x].una == ep[x].iss))
#define HASTCB(x) (ep[x].st != CLOSED && ep[x].st != LISTEN)
#define UNACKED(x) (HASTCB(x) && ep[x].una != ep[x].nxt)

/* MODEL.md §16: P2 and P5, state invariants */
#define OFF(a, b) MOD((a) - (b))
#define P5SEQ(x) (!HASTCB(x) || ( \
	OFF(ep[x].una, ep[x].iss) <= OFF(ep[x].nxt, ep[x].iss) && OFF(ep[x].nxt, ep[x].iss) <= 2 && OFF(ep[x].nxt, ep[x].iss) >= 1 && \
	(ep[x].st != SYNSENT || (OFF(ep[x].una, ep[x].iss) == 0 && OFF(ep[x].nxt, ep[x].iss) == 1)) && \
	(ep[x].st != SYNRCVD || (OFF(ep[x].una, ep[x].iss) == 0 && OFF(ep[x].nxt, ep[x].iss) == 1 && OFF(ep[x].rcv, ep[x].irs) == 1)) && \
	(ep[x].st != ESTAB || (OFF(ep[x].una, ep[x].iss) == 1 && OFF(ep[x].nxt, ep[x].iss) == 1 && OFF(ep[x].rcv, ep[x].irs) == 1)) && \
	(ep[x].st != FINWAIT1 || (OFF(ep[x].nxt, ep[x].iss) == 2 && ep[x].una != ep[x].nxt && OFF(ep[x].rcv, ep[x].irs) == 1)) && \
	(ep[x].st != FINWAIT2 || (OFF(ep[x].una, ep[x].iss) == 2 && OFF(ep[x].nxt, ep[x].iss) == 2 && OFF(ep[x].rcv, ep[x].irs) == 1)) && \
	(ep[x].st != CLOSEWAIT || (OFF(ep[x].una, ep[x].iss) == 1 && OFF(ep[x].nxt, ep[x].iss) == 1 && OFF(ep[x].rcv, ep[x].irs) == 2)) && \
	(ep[x].st != CLOSING || (OFF(ep[x].nxt, ep[x].iss) == 2 && ep[x].una != ep[x].nxt && OFF(ep[x].rcv, ep[x].irs) == 2)) && \
	(ep[x].st != LASTACK || (OFF(ep[x].una, ep[x].iss) == 1 && OFF(ep[x].nxt, ep[x].iss) == 2 && OFF(ep[x].rcv, ep[x].irs) == 2)) && \
	(ep[x].st != TIMEWAIT || (OFF(ep[x].una, ep[x].iss) == 2 && OFF(ep[x].nxt, ep[x].iss) == 2 && OFF(ep[x].rcv, ep[x].irs) == 2))))
#define P2 (!(CONNECTED(0) && CONNECTED(1)) || \
	(ep[0].patt == ep[1].att && ep[1].patt == ep[0].att && ep[0].irs == ep[1].iss && ep[1].irs == ep[0].iss))

/* MODEL.md §10: drained(x) and the peer settled */
#define TAGSIDE(k) ((net[k] >> 2) & 1)
#define TAGATT(k) (net[k] & 3)
#define OLDTAG(k, x) (net[k] != 0 && (TAGSIDE(k) == x || TAGATT(k) <= ep[x].patt))
#if K == 1
#define DRAINED(x) (!OLDTAG(0, x))
#elif K == 2
#define DRAINED(x) (!OLDTAG(0, x) && !OLDTAG(1, x))
#elif K == 3
#define DRAINED(x) (!OLDTAG(0, x) && !OLDTAG(1, x) && !OLDTAG(2, x))
#else
#define DRAINED(x) (!OLDTAG(0, x) && !OLDTAG(1, x) && !OLDTAG(2, x) && !OLDTAG(3, x))
#endif

/* SEGMENT ARRIVES (MODEL.md §8) at e of the decoded segment g */
inline arrive() {
	stop = 0;
	if
	:: ep[e].st == CLOSED ->
		if
		:: (gfl & RST) != 0 -> skip
		:: else -> resetfor()
		fi
	:: ep[e].st == LISTEN ->
		if
		:: (gfl & RST) != 0 -> skip
		:: (gfl & RST) == 0 && (gfl & ACK) != 0 -> resetfor()
		:: (gfl & (RST | ACK)) == 0 && (gfl & SYN) != 0 ->
			/* the caller checked the attempt bound */
			drawiss();
			setirs();
			ep[e].una = ep[e].iss;
			ep[e].nxt = MOD(ep[e].iss + 1);
			ep[e].passive = 1;
			ep[e].retx = 0;
			send(SYN | ACK, ep[e].iss, ep[e].rcv);
			ep[e].st = SYNRCVD
		:: else -> skip
		fi
	:: ep[e].st == SYNSENT ->
		if
		:: (gfl & ACK) != 0 && !(LT(ep[e].iss, gack) && LE(gack, ep[e].nxt)) ->
			if
			:: (gfl & RST) == 0 -> resetfor()
			:: else -> skip
			fi
		:: else ->
			if
			:: (gfl & RST) != 0 ->
				if
				:: (gfl & ACK) != 0 -> enter(CLOSED)
				:: else -> skip
				fi
			:: (gfl & RST) == 0 && (gfl & SYN) != 0 ->
				setirs();
				if
				:: (gfl & ACK) != 0 && ep[e].una != gack ->
					ep[e].una = gack; ep[e].retx = 0
				:: else -> skip
				fi;
				if
				:: LT(ep[e].iss, ep[e].una) ->
					sendack(); ep[e].st = ESTAB
				:: else ->
					ep[e].passive = 0;
					send(SYN | ACK, ep[e].iss, ep[e].rcv);
					ep[e].st = SYNRCVD
				fi
			:: else -> skip
			fi
		fi
	:: else ->
		/* SYN-RECEIVED ... TIME-WAIT, §3.10.7.4 */
		if
		/* 1. sequence */
		:: !(ACCEPTABLE) ->
			if
			:: (gfl & RST) == 0 -> sendack()
			:: else -> skip
			fi
		/* 2. RST */
		:: ACCEPTABLE && (gfl & RST) != 0 ->
			if
			:: gseq != ep[e].rcv -> sendack()  /* RFC 5961 challenge */
			:: gseq == ep[e].rcv && ep[e].st == SYNRCVD && ep[e].passive -> enter(LISTEN)
			:: else -> enter(CLOSED)
			fi
		/* 3. SYN */
		:: ACCEPTABLE && (gfl & RST) == 0 && (gfl & SYN) != 0 ->
			if
			:: ep[e].st == SYNRCVD && ep[e].passive -> enter(LISTEN)
			:: else -> sendack()  /* RFC 5961 challenge */
			fi
		/* 4. ACK, 6. FIN */
		:: ACCEPTABLE && (gfl & (RST | SYN)) == 0 ->
			if
			:: (gfl & ACK) == 0 -> stop = 1
			:: ep[e].st == SYNRCVD && (gfl & ACK) != 0 && !(LT(ep[e].una, gack) && LE(gack, ep[e].nxt)) ->
				resetfor(); stop = 1
			:: else ->
				if
				:: ep[e].st == SYNRCVD -> ep[e].st = ESTAB
				:: else -> skip
				fi;
				if
				:: LT(ep[e].nxt, gack) -> sendack(); stop = 1
				:: else ->
					if
					:: LT(ep[e].una, gack) -> ep[e].una = gack; ep[e].retx = 0
					:: else -> skip
					fi;
					if
					:: ep[e].st == FINWAIT1 && FINACKED -> ep[e].st = FINWAIT2
					:: ep[e].st == CLOSING && !FINACKED -> stop = 1
					:: ep[e].st == CLOSING && FINACKED -> ep[e].st = TIMEWAIT; ep[e].retx = 0
					:: ep[e].st == LASTACK && FINACKED -> enter(CLOSED); stop = 1
					:: else -> skip
					fi
				fi
			fi;
			if
			:: !stop && (gfl & FIN) != 0 && gseq == ep[e].rcv ->
				if
				:: ep[e].st == ESTAB ->
					ep[e].rcv = MOD(ep[e].rcv + 1); sendack(); ep[e].st = CLOSEWAIT
				:: ep[e].st == FINWAIT1 ->
					ep[e].rcv = MOD(ep[e].rcv + 1); sendack(); ep[e].st = CLOSING
				:: ep[e].st == FINWAIT2 ->
					ep[e].rcv = MOD(ep[e].rcv + 1); sendack(); ep[e].st = TIMEWAIT; ep[e].retx = 0
				:: else -> sendack()
				fi
			:: else -> skip
			fi
		fi
	fi
}

/* back to the initial state: how a bound hit is encoded (see the top) */
inline reset() {
	for (i : 0 .. 1) {
		e = i;
		enter(CLOSED);
		ep[i].opens = 0; ep[i].att = 0; ep[i].conf = 0; ep[i].cc = 0;
		ep[i].abrupt = 0; ep[i].aborted = 0
	}
	for (i : 0 .. K - 1) {
		net[i] = 0
	}
	losses = 0
}

/* P1 NoStaleConnection (MODEL.md §16), judged on the step */
inline p1check(x) {
	assert(CONNECTED(x) == 0 || (ep[1 - x].conf & (1 << (4 * ep[x].patt + ep[x].att))) != 0)
}

/* add out to the network, or the bound; then check the invariants */
inline commit() {
	if
	:: bound -> reset()
	:: !bound && out != 0 ->
		count();
		if
		:: n == K -> reset()
		:: else ->
			/* insertion into the descending array */
			i = n;
			do
			:: i > 0 && net[i - 1] < out -> net[i] = net[i - 1]; i--
			:: else -> break
			od;
			net[i] = out
		fi
	:: else -> skip
	fi;
	/* P2 and P5, state invariants, in every successor */
	assert(P5SEQ(0) && P5SEQ(1) && P2);
	/* P1: on every step where connected(x) becomes true */
	if
	:: !conn0 && CONNECTED(0) -> p1check(0)
	:: else -> skip
	fi;
	if
	:: !conn1 && CONNECTED(1) -> p1check(1)
	:: else -> skip
	fi;
	e = 0; i = 0; j = 0; n = 0; c = 0; out = 0;
	gsrc = 0; gfl = 0; gside = 0; gatt = 0; glen = 0; gseq = 0; gack = 0;
	bound = 0; stop = 0; conn0 = 0; conn1 = 0
}

/* the first part of every transition: note what P1 compares against */
inline begin() {
	out = 0; bound = 0;
	conn0 = CONNECTED(0); conn1 = CONNECTED(1)
}

/* user calls of e (MODEL.md §7); client-server: A active, B passive */
inline passiveopen(x) {
	d_step {
		x == 1 && ep[x].st == CLOSED && ep[x].opens < OPENS ->
		begin(); e = x;
		enter(LISTEN); ep[e].opens++; ep[e].cc = 0;
		commit()
	}
}

inline activeopen(x) {
	d_step {
		x == 0 && (ep[x].st == CLOSED || ep[x].st == LISTEN) && ep[x].opens < OPENS ->
		begin(); e = x;
		if
		:: ep[e].att == MAXATT -> bound = 1
		:: else ->
			drawiss();
			ep[e].st = SYNSENT;
			ep[e].irs = 0; ep[e].rcv = 0; ep[e].retx = 0; ep[e].patt = 0;
			ep[e].passive = 0;
			ep[e].opens++; ep[e].cc = 0;
			ep[e].una = ep[e].iss; ep[e].nxt = MOD(ep[e].iss + 1);
			send(SYN, ep[e].iss, 0)
		fi;
		commit()
	}
}

inline close(x) {
	d_step {
		(ep[x].st == LISTEN || ep[x].st == SYNSENT || ep[x].st == SYNRCVD || ep[x].st == ESTAB || ep[x].st == CLOSEWAIT) ->
		begin(); e = x;
		if
		:: ep[e].st == LISTEN -> enter(CLOSED)
		:: ep[e].st == SYNSENT -> enter(CLOSED); ep[e].abrupt = 1
		:: else ->
			send(FIN | ACK, ep[e].nxt, ep[e].rcv);
			ep[e].nxt = MOD(ep[e].nxt + 1);
			if
			:: ep[e].st == CLOSEWAIT -> ep[e].st = LASTACK
			:: else -> ep[e].st = FINWAIT1
			fi
		fi;
		ep[e].cc = 1;
		commit()
	}
}

inline abort(x) {
	d_step {
		ep[x].st != CLOSED && ep[x].st != TIMEWAIT ->
		begin(); e = x;
		if
		:: ep[e].st == LISTEN -> skip
		:: ep[e].st == SYNSENT -> ep[e].abrupt = 1
		:: else -> ep[e].abrupt = 1; ep[e].aborted = 1
		fi;
		if
		:: ep[e].st == SYNRCVD || ep[e].st == ESTAB || ep[e].st == FINWAIT1 || ep[e].st == FINWAIT2 || ep[e].st == CLOSEWAIT ->
			send(RST, ep[e].nxt, 0)
		:: else -> skip
		fi;
		enter(CLOSED);
		ep[e].cc = 1;
		commit()
	}
}

/* deliveries (MODEL.md §5, 2): slot k, consumed (cp = 0) or copied (cp = 1) */
inline deliver(k, cp) {
	d_step {
		net[k] != 0 && (k == 0 || net[k] != net[k - 1]) ->
		begin();
		c = net[k];
		decode(c);
		e = 1 - gsrc;
		if
		:: cp == 0 -> i = k; removeslot()
		:: else -> skip
		fi;
		if
		:: ep[e].st == LISTEN && gfl == SYN && ep[e].att == MAXATT -> bound = 1
		:: else -> arrive()
		fi;
		commit()
	}
}

/* losses (MODEL.md §5, 3) */
inline lose(k) {
	d_step {
		net[k] != 0 && (k == 0 || net[k] != net[k - 1]) &&
		((net[k] & 3) == 0 || LOSSBUDGET < 0 || losses < LOSSBUDGET) ->
		begin();
		if
		:: (net[k] & 3) != 0 && LOSSBUDGET >= 0 -> losses++
		:: else -> skip
		fi;
		i = k; removeslot();
		commit()
	}
}

/* timers of e (MODEL.md §9): retransmission */
inline retransmit(x) {
	d_step {
		UNACKED(x) && ep[x].retx < R2 ->
		begin(); e = x;
		ep[e].retx++;
		if
		:: ep[e].st == SYNSENT -> send(SYN, ep[e].iss, 0)
		:: ep[e].st != SYNSENT && ep[e].una == ep[e].iss -> send(SYN | ACK, ep[e].iss, ep[e].rcv)
		:: else -> send(FIN | ACK, ep[e].nxt - 1, ep[e].rcv)
		fi;
		commit()
	}
}

/* give up */
inline giveup(x) {
	d_step {
		UNACKED(x) && ep[x].retx >= R2 ->
		begin(); e = x;
		enter(CLOSED); ep[e].abrupt = 1; ep[e].aborted = 1;
		commit()
	}
}

/* TIME-WAIT expiry, guard drain-peer (MODEL.md §10) */
inline twexpire(x) {
	d_step {
		ep[x].st == TIMEWAIT && DRAINED(x) && ep[1 - x].st != FINWAIT1 && ep[1 - x].st != CLOSING && ep[1 - x].st != LASTACK ->
		begin(); e = x;
		enter(CLOSED);
		commit()
	}
}

active proctype tcp()
{
end:	do
	/* 1. user calls of A, then of B */
	:: passiveopen(0)
	:: activeopen(0)
	:: close(0)
	:: abort(0)
	:: passiveopen(1)
	:: activeopen(1)
	:: close(1)
	:: abort(1)
	/* 2. deliveries, slot by slot: consumed, then copied (--dup) */
	:: deliver(0, 0)
	:: deliver(0, 1)
	:: deliver(1, 0)
	:: deliver(1, 1)
#if K > 2
	:: deliver(2, 0)
	:: deliver(2, 1)
#endif
#if K > 3
	:: deliver(3, 0)
	:: deliver(3, 1)
#endif
	/* 3. losses */
	:: lose(0)
	:: lose(1)
#if K > 2
	:: lose(2)
#endif
#if K > 3
	:: lose(3)
#endif
	/* 4. timers of A, then of B */
	:: retransmit(0)
	:: giveup(0)
	:: twexpire(0)
	:: retransmit(1)
	:: giveup(1)
	:: twexpire(1)
	od
}
