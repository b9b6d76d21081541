-------------------------------- MODULE TCP --------------------------------
(***************************************************************************)
(* The TCP model of docs/MODEL.md in TLA+, for TLC, written from the text  *)
(* of docs/MODEL.md for one configuration: the defaults of `tcpcheck       *)
(* explore` (rfc9293 rules with RFC 5961, monotone ISNs 100 and 300 with   *)
(* stride 3, N = 1024, W = 3, R2 = 1, RTO on, two OPENs, three attempts,   *)
(* A only active and B only passive, duplication and ABORT on, TIME-WAIT   *)
(* guard drain-peer; no data, no crash, no old duplicates). K and          *)
(* LossBudget are constants: TCP.cfg sets the defaults, 2 and 1; `big` is  *)
(* 3 and 2. bench/promela/tcp.pml is the same model in Promela.            *)
(*                                                                         *)
(* Counting as tcpcheck counts (MODEL.md section 15):                      *)
(*  - the network is a bag (multiset) of segments, so each multiset is one *)
(*    value whatever order it was built in;                                *)
(*  - a step that hits a modelling bound (K segments in flight, or an ISS  *)
(*    draw at Att = MaxAtt, MODEL.md section 11) sets `bound`; the state   *)
(*    constraint InBounds keeps such states out of the search, and TLC     *)
(*    neither counts them as distinct nor explores them, but counts them   *)
(*    as generated, as tcpcheck does;                                      *)
(*  - every condition inside an action is an IF or a conjunction, never a  *)
(*    disjunction that could hold twice: TLC would generate the successor  *)
(*    once per true disjunct (MODEL.md section 15's warning). The only     *)
(*    disjunctions are between distinct transitions (Next, and the         *)
(*    consumed and copied deliveries, which MODEL.md counts as two).       *)
(* So TLC's "distinct states" is tcpcheck's distinct states, its "states   *)
(* generated" is tcpcheck's generated (1 + transitions + bound hits), and  *)
(* its depth is tcpcheck's depth (both count the initial state as 1).      *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Bags

CONSTANTS K, LossBudget

N == 1024
W == 3
R2 == 1
Opens == 2
MaxAtt == 3
Stride == 3
ISSBase == <<100, 300>>  \* ISSBase[e + 1] for A = 0, B = 1
A == 0
B == 1
Sides == {A, B}

VARIABLES ep, net, losses, bound
vars == <<ep, net, losses, bound>>

Mod(x) == x % N
\* MODEL.md section 3: a < b iff 0 < (b - a) mod N < N/2
Lt(a, b) == LET d == Mod(b - a) IN d > 0 /\ d < N \div 2
Le(a, b) == IF a = b THEN TRUE ELSE Lt(a, b)

Closed0 == [st |-> "CLOSED", passive |-> FALSE, iss |-> 0, irs |-> 0,
            una |-> 0, nxt |-> 0, rcv |-> 0, retx |-> 0, opens |-> 0,
            att |-> 0, patt |-> 0, conf |-> {}, cc |-> FALSE,
            abrupt |-> FALSE, aborted |-> FALSE]

\* a segment; NoSeg stands for "nothing sent"
Seg(e, fl, sq, ak, E) ==
    [src |-> e, fl |-> fl, seq |-> Mod(sq), ack |-> Mod(ak), side |-> e, att |-> E.att]
NoSeg == [src |-> 9, fl |-> {}, seq |-> 0, ack |-> 0, side |-> 0, att |-> 0]
SegLen(g) == (IF "SYN" \in g.fl THEN 1 ELSE 0) + (IF "FIN" \in g.fl THEN 1 ELSE 0)

\* ACK: <SEQ=SND.NXT><ACK=RCV.NXT><ACK>, own tag
AckOf(E, e) == Seg(e, {"ACK"}, E.nxt, E.rcv, E)
\* reset for g (section 3.5.2), with g's tag
ResetFor(g, e) ==
    IF "ACK" \in g.fl
    THEN [src |-> e, fl |-> {"RST"}, seq |-> g.ack, ack |-> 0, side |-> g.side, att |-> g.att]
    ELSE [src |-> e, fl |-> {"RST", "ACK"}, seq |-> 0, ack |-> Mod(g.seq + SegLen(g)),
          side |-> g.side, att |-> g.att]

\* entering CLOSED or LISTEN deletes the TCB (MODEL.md section 1)
Deleted(E, s) ==
    [E EXCEPT !.st = s, !.iss = 0, !.irs = 0, !.una = 0, !.nxt = 0, !.rcv = 0,
              !.retx = 0, !.patt = 0, !.passive = (s = "LISTEN")]
\* an ISS draw, monotone (MODEL.md section 6); the caller checked att < MaxAtt
Draw(E, e) == [E EXCEPT !.att = @ + 1, !.iss = Mod(ISSBase[e + 1] + E.att * Stride)]
\* setting IRS (MODEL.md section 8)
SetIRS(E, g) ==
    [E EXCEPT !.irs = g.seq, !.rcv = Mod(g.seq + 1), !.patt = g.att,
              !.conf = @ \cup {<<E.att, g.att>>}]

InWin(E, x) == Mod(x - E.rcv) < W
Acceptable(E, g) ==
    IF SegLen(g) = 0 THEN InWin(E, g.seq)
    ELSE IF InWin(E, g.seq) THEN TRUE ELSE InWin(E, g.seq + SegLen(g) - 1)
FinSent(E) == E.st \in {"FIN-WAIT-1", "FIN-WAIT-2", "CLOSING", "LAST-ACK", "TIME-WAIT"}
FinAcked(E) == FinSent(E) /\ E.una = E.nxt
Synchronized(E) == E.st \in {"ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT",
                             "CLOSING", "LAST-ACK", "TIME-WAIT"}
\* MODEL.md section 16: a completed handshake
Connected(E) == Synchronized(E) /\ ~(E.st \in {"FIN-WAIT-1", "CLOSING"} /\ E.una = E.iss)
HasTCB(E) == E.st \notin {"CLOSED", "LISTEN"}
Unacked(E) == HasTCB(E) /\ E.una # E.nxt

Res(E, out) == [ep |-> E, out |-> out]

\* SEGMENT ARRIVES, section 3.10.7.4, step 6: the FIN
ArriveFin(E, g, e) ==
    IF "FIN" \notin g.fl THEN Res(E, NoSeg)
    ELSE IF g.seq # E.rcv THEN Res(E, NoSeg)
    ELSE IF E.st \in {"ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2"}
    THEN LET E1 == [E EXCEPT !.rcv = Mod(@ + 1)]
             E2 == [E1 EXCEPT !.st = (CASE E.st = "ESTABLISHED" -> "CLOSE-WAIT"
                                        [] E.st = "FIN-WAIT-1" -> "CLOSING"
                                        [] OTHER -> "TIME-WAIT"),
                              !.retx = IF E.st = "FIN-WAIT-2" THEN 0 ELSE @]
         IN Res(E2, AckOf(E1, e))
    ELSE Res(E, AckOf(E, e))

\* SEGMENT ARRIVES, section 3.10.7.4, step 4: the ACK, then on to step 6
ArriveAck(E, g, e) ==
    IF "ACK" \notin g.fl THEN Res(E, NoSeg)
    ELSE IF E.st = "SYN-RECEIVED" /\ ~(Lt(E.una, g.ack) /\ Le(g.ack, E.nxt))
    THEN Res(E, ResetFor(g, e))
    ELSE LET E1 == IF E.st = "SYN-RECEIVED" THEN [E EXCEPT !.st = "ESTABLISHED"] ELSE E
         IN IF Lt(E1.nxt, g.ack) THEN Res(E1, AckOf(E1, e))
            ELSE LET E2 == IF Lt(E1.una, g.ack) THEN [E1 EXCEPT !.una = g.ack, !.retx = 0] ELSE E1
                 IN IF E2.st = "CLOSING" /\ ~FinAcked(E2) THEN Res(E2, NoSeg)
                    ELSE IF E2.st = "LAST-ACK" /\ FinAcked(E2) THEN Res(Deleted(E2, "CLOSED"), NoSeg)
                    ELSE LET E3 == IF E2.st = "FIN-WAIT-1" /\ FinAcked(E2)
                                   THEN [E2 EXCEPT !.st = "FIN-WAIT-2"]
                                   ELSE IF E2.st = "CLOSING" /\ FinAcked(E2)
                                   THEN [E2 EXCEPT !.st = "TIME-WAIT", !.retx = 0]
                                   ELSE E2
                         IN ArriveFin(E3, g, e)

\* SEGMENT ARRIVES (MODEL.md section 8) at endpoint e, whose record is E
Arrive(E, g, e) ==
    CASE E.st = "CLOSED" ->
            IF "RST" \in g.fl THEN Res(E, NoSeg) ELSE Res(E, ResetFor(g, e))
      [] E.st = "LISTEN" ->
            IF "RST" \in g.fl THEN Res(E, NoSeg)
            ELSE IF "ACK" \in g.fl THEN Res(E, ResetFor(g, e))
            ELSE IF "SYN" \in g.fl
            THEN LET E1 == SetIRS(Draw(E, e), g)
                     E2 == [E1 EXCEPT !.una = E1.iss, !.nxt = Mod(E1.iss + 1), !.passive = TRUE,
                                      !.retx = 0, !.st = "SYN-RECEIVED"]
                 IN Res(E2, Seg(e, {"SYN", "ACK"}, E2.iss, E2.rcv, E2))
            ELSE Res(E, NoSeg)
      [] E.st = "SYN-SENT" ->
            IF "ACK" \in g.fl /\ ~(Lt(E.iss, g.ack) /\ Le(g.ack, E.nxt))
            THEN IF "RST" \in g.fl THEN Res(E, NoSeg) ELSE Res(E, ResetFor(g, e))
            ELSE IF "RST" \in g.fl
            THEN IF "ACK" \in g.fl THEN Res(Deleted(E, "CLOSED"), NoSeg) ELSE Res(E, NoSeg)
            ELSE IF "SYN" \in g.fl
            THEN LET E1 == SetIRS(E, g)
                     E2 == IF "ACK" \in g.fl /\ E1.una # g.ack
                           THEN [E1 EXCEPT !.una = g.ack, !.retx = 0] ELSE E1
                 IN IF Lt(E2.iss, E2.una)
                    THEN LET E3 == [E2 EXCEPT !.st = "ESTABLISHED"] IN Res(E3, AckOf(E3, e))
                    ELSE LET E3 == [E2 EXCEPT !.passive = FALSE, !.st = "SYN-RECEIVED"]
                         IN Res(E3, Seg(e, {"SYN", "ACK"}, E3.iss, E3.rcv, E3))
            ELSE Res(E, NoSeg)
      [] OTHER ->
            \* SYN-RECEIVED ... TIME-WAIT, section 3.10.7.4
            IF ~Acceptable(E, g)
            THEN IF "RST" \in g.fl THEN Res(E, NoSeg) ELSE Res(E, AckOf(E, e))
            ELSE IF "RST" \in g.fl
            THEN IF g.seq # E.rcv THEN Res(E, AckOf(E, e))   \* RFC 5961 challenge
                 ELSE IF E.st = "SYN-RECEIVED" /\ E.passive THEN Res(Deleted(E, "LISTEN"), NoSeg)
                 ELSE Res(Deleted(E, "CLOSED"), NoSeg)
            ELSE IF "SYN" \in g.fl
            THEN IF E.st = "SYN-RECEIVED" /\ E.passive THEN Res(Deleted(E, "LISTEN"), NoSeg)
                 ELSE Res(E, AckOf(E, e))                      \* RFC 5961 challenge
            ELSE ArriveAck(E, g, e)

\* the end of every step: e's new record, and the segment it sends (if any)
\* added to net1, or the network bound (MODEL.md section 5, Emission)
Emit(e, E, out, net1) ==
    /\ ep' = [ep EXCEPT ![e] = E]
    /\ net' = IF out = NoSeg THEN net1 ELSE net1 (+) SetToBag({out})
    /\ bound' = IF out # NoSeg /\ BagCardinality(net1) >= K THEN 1 ELSE 0
    /\ UNCHANGED losses

Init ==
    /\ ep = [e \in Sides |-> Closed0]
    /\ net = EmptyBag
    /\ losses = 0
    /\ bound = 0

\* user calls (MODEL.md section 7); client-server: A active, B passive
PassiveOpen(e) ==
    /\ e = B
    /\ ep[e].st = "CLOSED"
    /\ ep[e].opens < Opens
    /\ Emit(e, [Deleted(ep[e], "LISTEN") EXCEPT !.opens = @ + 1, !.cc = FALSE], NoSeg, net)

ActiveOpen(e) ==
    /\ e = A
    /\ ep[e].st \in {"CLOSED", "LISTEN"}
    /\ ep[e].opens < Opens
    /\ IF ep[e].att = MaxAtt
       THEN /\ ep' = [ep EXCEPT ![e].opens = @ + 1]
            /\ bound' = 1
            /\ UNCHANGED <<net, losses>>
       ELSE LET E1 == Draw(Deleted(ep[e], "CLOSED"), e)
                E2 == [E1 EXCEPT !.st = "SYN-SENT", !.opens = @ + 1, !.cc = FALSE,
                                 !.una = E1.iss, !.nxt = Mod(E1.iss + 1)]
            IN Emit(e, E2, Seg(e, {"SYN"}, E2.iss, 0, E2), net)

Close(e) ==
    LET E == ep[e] IN
    /\ E.st \in {"LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "CLOSE-WAIT"}
    /\ IF E.st = "LISTEN"
       THEN Emit(e, [Deleted(E, "CLOSED") EXCEPT !.cc = TRUE], NoSeg, net)
       ELSE IF E.st = "SYN-SENT"
       THEN Emit(e, [Deleted(E, "CLOSED") EXCEPT !.cc = TRUE, !.abrupt = TRUE], NoSeg, net)
       ELSE Emit(e, [E EXCEPT !.nxt = Mod(@ + 1), !.cc = TRUE,
                              !.st = IF E.st = "CLOSE-WAIT" THEN "LAST-ACK" ELSE "FIN-WAIT-1"],
                 Seg(e, {"FIN", "ACK"}, E.nxt, E.rcv, E), net)

Abort(e) ==
    LET E == ep[e]
        out == IF E.st \in {"SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT"}
               THEN Seg(e, {"RST"}, E.nxt, 0, E) ELSE NoSeg
    IN
    /\ E.st \notin {"CLOSED", "TIME-WAIT"}
    /\ Emit(e, [Deleted(E, "CLOSED") EXCEPT !.cc = TRUE,
                   !.abrupt = IF E.st = "LISTEN" THEN E.abrupt ELSE TRUE,
                   !.aborted = IF E.st \in {"LISTEN", "SYN-SENT"} THEN E.aborted ELSE TRUE],
            out, net)

\* deliveries (MODEL.md section 5, 2): consumed (copy = FALSE) or copied
Deliver(g, copy) ==
    LET e == 1 - g.src
        E == ep[e]
        net1 == IF copy THEN net ELSE net (-) SetToBag({g})
    IN IF E.st = "LISTEN" /\ g.fl = {"SYN"} /\ E.att = MaxAtt
       THEN /\ ep' = ep
            /\ net' = net1
            /\ bound' = 1
            /\ UNCHANGED losses
       ELSE LET r == Arrive(E, g, e) IN Emit(e, r.ep, r.out, net1)

\* losses (MODEL.md section 5, 3): ageing of an old duplicate is free
Lose(g) ==
    /\ IF g.att = 0 THEN TRUE ELSE IF LossBudget < 0 THEN TRUE ELSE losses < LossBudget
    /\ net' = net (-) SetToBag({g})
    /\ losses' = IF g.att = 0 THEN losses ELSE IF LossBudget < 0 THEN losses ELSE losses + 1
    /\ UNCHANGED <<ep, bound>>

\* timers (MODEL.md section 9)
Retransmit(e) ==
    LET E == ep[e]
        out == IF E.st = "SYN-SENT" THEN Seg(e, {"SYN"}, E.iss, 0, E)
               ELSE IF E.una = E.iss THEN Seg(e, {"SYN", "ACK"}, E.iss, E.rcv, E)
               ELSE Seg(e, {"FIN", "ACK"}, E.nxt - 1, E.rcv, E)
    IN
    /\ Unacked(E)
    /\ E.retx < R2
    /\ Emit(e, [E EXCEPT !.retx = @ + 1], out, net)

GiveUp(e) ==
    /\ Unacked(ep[e])
    /\ ep[e].retx >= R2
    /\ Emit(e, [Deleted(ep[e], "CLOSED") EXCEPT !.abrupt = TRUE, !.aborted = TRUE], NoSeg, net)

\* MODEL.md section 10: no segment tagged with e's side, nor with the
\* peer's and an attempt <= PeerAtt; and the peer settled
Drained(e) == \A g \in BagToSet(net) : g.side # e /\ g.att > ep[e].patt
TimeWaitExpiry(e) ==
    /\ ep[e].st = "TIME-WAIT"
    /\ Drained(e)
    /\ ep[1 - e].st \notin {"FIN-WAIT-1", "CLOSING", "LAST-ACK"}
    /\ Emit(e, Deleted(ep[e], "CLOSED"), NoSeg, net)

Next ==
    \/ \E e \in Sides :
        \/ PassiveOpen(e)
        \/ ActiveOpen(e)
        \/ Close(e)
        \/ Abort(e)
        \/ Retransmit(e)
        \/ GiveUp(e)
        \/ TimeWaitExpiry(e)
    \/ \E g \in BagToSet(net) :
        \/ Deliver(g, FALSE)
        \/ Deliver(g, TRUE)
        \/ Lose(g)

Spec == Init /\ [][Next]_vars

\* the state constraint: states that hit a bound are not part of the search
InBounds == bound = 0

\* P2 Agreement and P5 Sanity (MODEL.md section 16), state invariants
P2 == (Connected(ep[A]) /\ Connected(ep[B])) =>
        /\ ep[A].patt = ep[B].att
        /\ ep[B].patt = ep[A].att
        /\ ep[A].irs = ep[B].iss
        /\ ep[B].irs = ep[A].iss

Off(a, b) == Mod(a - b)
P5One(E) ==
    LET u == Off(E.una, E.iss)
        x == Off(E.nxt, E.iss)
        r == Off(E.rcv, E.irs)
    IN HasTCB(E) =>
        /\ u <= x /\ x <= 2 /\ x >= 1
        /\ E.st = "SYN-SENT" => u = 0 /\ x = 1
        /\ E.st = "SYN-RECEIVED" => u = 0 /\ x = 1 /\ r = 1
        /\ E.st = "ESTABLISHED" => u = 1 /\ x = 1 /\ r = 1
        /\ E.st = "FIN-WAIT-1" => x = 2 /\ ~FinAcked(E) /\ r = 1
        /\ E.st = "FIN-WAIT-2" => u = 2 /\ x = 2 /\ r = 1
        /\ E.st = "CLOSE-WAIT" => u = 1 /\ x = 1 /\ r = 2
        /\ E.st = "CLOSING" => x = 2 /\ ~FinAcked(E) /\ r = 2
        /\ E.st = "LAST-ACK" => u = 1 /\ x = 2 /\ r = 2
        /\ E.st = "TIME-WAIT" => u = 2 /\ x = 2 /\ r = 2
P5 == P5One(ep[A]) /\ P5One(ep[B])

\* P1 NoStaleConnection, on the step: when e completes its handshake, the
\* peer attempt whose SYN e accepted has accepted e's current SYN
P1Step == \A e \in Sides :
            (~Connected(ep[e]) /\ Connected(ep'[e]) /\ bound' = 0) =>
                <<ep'[e].patt, ep'[e].att>> \in ep'[1 - e].conf
P1 == [][P1Step]_vars
=============================================================================
