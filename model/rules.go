package model

// Rule identifies the rule of the model that produced a transition: one
// clause of the RFC text (or of a named deviation) the model implements.
// Its name (String) is a stable identifier: coverage reports, traces and
// tests name rules by it, so a name is never reused for another clause.
type Rule uint8

// The rules. Names follow the RFC text they implement.
const (
	RuleNone Rule = iota
	RulePassiveOpen
	RuleActiveOpen
	RuleCloseListen
	RuleCloseSynSent
	RuleCloseSendFin
	RuleAbortReset
	RuleAbortSilent
	RuleClosedRST
	RuleClosedReply
	RuleQuietDrop
	RuleListenRST
	RuleListenACK
	RuleListenSYN
	RuleListenOther
	RuleSynSentBadAck
	RuleSynSentRST
	RuleSynSentRSTDrop
	RuleSynSentSynAck
	RuleSynSentSyn
	RuleSynSentOther
	RuleUnacceptable
	RuleRSTReset
	RuleRSTChallenge
	RuleRSTTimeWaitIgnored
	RuleSYNToListen
	RuleSYNChallenge
	RuleSYNReset
	RuleNoACK
	RuleSynRcvdAck
	RuleSynRcvdBadAck
	RuleAckTooNew
	RuleAck
	RuleAckIgnored
	RuleFin
	RuleFinHeld
	RuleLoss
	RuleRetransmit
	RuleGiveUp
	RuleTimeWaitExpire
	RuleFinWait2Expire
	RuleCrash
	RuleTwoWayHandshake
	RuleAnySynAck
	RuleAckFinWait1
	RuleAckClosing
	RuleAckLastAck
	RuleDuplicate
	RuleSendQueue
	RuleSend
	RuleSendRefused
	RuleOutput
	RuleData
	RuleDataHeld
	RuleDataIgnored
	RuleFinAndClose
	RuleTimeWaitReopen
	RuleSynRcvdDupSyn
	RuleSYNToListenReset
	RuleRSTAfterFin
	RuleRSTTimeWaitDrop
	RuleTimeWaitSynDrop
	RuleTrimmedSynAck
	RuleSynRcvdRSTInWindow
	RuleOldAckChallenge
	RuleTimeWaitAckDrop
	RuleReceive
	RuleReceiveClosing
	RuleCloseUnreadReset
	RuleDataAfterCloseReset
	RuleSynRcvdAckFirst
	RuleCloseDeferred
	RuleOldSegment
	RuleAfterFinIgnored
	RuleTimeWaitAck
	RuleRateLimited
	numRules
)

// RuleInfo describes one rule for coverage reports and traces.
type RuleInfo struct {
	Rule    Rule
	Name    string // stable identifier, e.g. "syn-sent-syn-ack"
	Section string // RFC 9293 section, or a short reference when not RFC 9293's
	// Clause is the text the rule implements: the step of §3.10 and, where
	// RFC 9293 numbers the requirement, its MUST/SHLD/MAY number.
	Clause string
	// Gate is the flag setting without which the rule cannot fire ("" when
	// the default configuration can reach it).
	Gate string
}

var ruleInfo = [numRules]RuleInfo{
	RuleNone:                {Name: "none"},
	RulePassiveOpen:         {Name: "passive-open", Section: "§3.10.1", Clause: "OPEN call, passive: enter LISTEN (MUST-11)"},
	RuleActiveOpen:          {Name: "active-open", Section: "§3.10.1", Clause: "OPEN call, active: select an ISS, send SYN, enter SYN-SENT (MUST-8 clock-driven ISS)"},
	RuleCloseListen:         {Name: "close-listen", Section: "§3.10.4", Clause: "CLOSE call in LISTEN: delete the TCB"},
	RuleCloseSynSent:        {Name: "close-syn-sent", Section: "§3.10.4", Clause: "CLOSE call in SYN-SENT: delete the TCB"},
	RuleCloseSendFin:        {Name: "close-send-fin", Section: "§3.10.4", Clause: "CLOSE call in SYN-RECEIVED, ESTABLISHED, CLOSE-WAIT: send FIN"},
	RuleAbortReset:          {Name: "abort-reset", Section: "§3.10.5", Clause: "ABORT call in SYN-RECEIVED … CLOSE-WAIT: send RST, delete the TCB"},
	RuleAbortSilent:         {Name: "abort-silent", Section: "§3.10.5", Clause: "ABORT call in LISTEN, SYN-SENT, CLOSING, LAST-ACK (TIME-WAIT with --abort-in-time-wait): delete the TCB"},
	RuleClosedRST:           {Name: "closed-rst", Section: "§3.10.7.1", Clause: "CLOSED: a RST is discarded"},
	RuleClosedReply:         {Name: "closed-reply", Section: "§3.10.7.1", Clause: "CLOSED: any other segment is answered by a reset (§3.5.2)"},
	RuleQuietDrop:           {Name: "quiet-drop", Section: "§3.4.3", Clause: "quiet time after a crash: send nothing", Gate: "--crash"},
	RuleListenRST:           {Name: "listen-rst", Section: "§3.10.7.2", Clause: "LISTEN, first: a RST is ignored"},
	RuleListenACK:           {Name: "listen-ack", Section: "§3.10.7.2", Clause: "LISTEN, second: an ACK is answered by <SEQ=SEG.ACK><CTL=RST>"},
	RuleListenSYN:           {Name: "listen-syn", Section: "§3.10.7.2", Clause: "LISTEN, third: a SYN sets IRS, sends SYN,ACK, enters SYN-RECEIVED"},
	RuleListenOther:         {Name: "listen-other", Section: "§3.10.7.2", Clause: "LISTEN, fourth: any other segment is dropped", Gate: "an --old-dups segment with none of SYN, RST, ACK, e.g. --old-dups 'A<SEQ=97><CTL=FIN>'"},
	RuleSynSentBadAck:       {Name: "syn-sent-bad-ack", Section: "§3.10.7.3", Clause: "SYN-SENT, first: an unacceptable ACK is answered by a reset unless RST"},
	RuleSynSentRST:          {Name: "syn-sent-rst", Section: "§3.10.7.3", Clause: "SYN-SENT, second: a RST with an acceptable ACK: connection reset, CLOSED"},
	RuleSynSentRSTDrop:      {Name: "syn-sent-rst-drop", Section: "§3.10.7.3", Clause: "SYN-SENT, second: a RST without ACK is dropped"},
	RuleSynSentSynAck:       {Name: "syn-sent-syn-ack", Section: "§3.10.7.3", Clause: "SYN-SENT, fourth: a SYN acking our SYN: ESTABLISHED, send ACK"},
	RuleSynSentSyn:          {Name: "syn-sent-syn", Section: "§3.10.7.3", Clause: "SYN-SENT, fourth: a SYN not acking ours (simultaneous open): SYN-RECEIVED, send SYN,ACK", Gate: "--roles both-active"},
	RuleSynSentOther:        {Name: "syn-sent-other", Section: "§3.10.7.3", Clause: "SYN-SENT, fifth: neither SYN nor RST: drop"},
	RuleUnacceptable:        {Name: "unacceptable", Section: "§3.10.7.4", Clause: "first: an unacceptable segment (Table 6) is answered by an ACK unless RST"},
	RuleRSTReset:            {Name: "rst-reset", Section: "§3.10.7.4", Clause: "second: a RST at RCV.NXT resets (passive SYN-RECEIVED: LISTEN; else CLOSED)"},
	RuleRSTChallenge:        {Name: "rst-challenge", Section: "RFC 5961 §3.2", Clause: "second: a RST in the window but not at RCV.NXT draws a challenge ACK"},
	RuleRSTTimeWaitIgnored:  {Name: "rst-time-wait-ignored", Section: "RFC 1337 §3", Clause: "second: a RST in TIME-WAIT is ignored (fix F1)", Gate: "--rfc1337"},
	RuleSYNToListen:         {Name: "syn-to-listen", Section: "§3.10.7.4", Clause: "fourth: a SYN in a passive SYN-RECEIVED returns it to LISTEN"},
	RuleSYNChallenge:        {Name: "syn-challenge", Section: "RFC 5961 §4.2", Clause: "fourth: a SYN in a synchronized state draws a challenge ACK"},
	RuleSYNReset:            {Name: "syn-reset", Section: "§3.10.7.4", Clause: "fourth (RFC 793 text): an in-window SYN is answered by a reset, CLOSED", Gate: "--variant rfc793"},
	RuleNoACK:               {Name: "no-ack", Section: "§3.10.7.4", Clause: "fifth: a segment without ACK is dropped", Gate: "an --old-dups FIN without ACK at RCV.NXT, e.g. --old-dups 'A<SEQ=101><CTL=FIN>'"},
	RuleSynRcvdAck:          {Name: "syn-received-ack", Section: "§3.10.7.4", Clause: "fifth: SYN-RECEIVED, an acceptable ACK: ESTABLISHED"},
	RuleSynRcvdBadAck:       {Name: "syn-received-bad-ack", Section: "§3.10.7.4", Clause: "fifth: SYN-RECEIVED, an unacceptable ACK is answered by a reset"},
	RuleAckTooNew:           {Name: "ack-too-new", Section: "§3.10.7.4", Clause: "fifth: an ACK of something not yet sent is answered by an ACK", Gate: "an --old-dups ACK beyond SND.NXT, e.g. --old-dups 'A<SEQ=101><ACK=310><CTL=ACK>'"},
	RuleAck:                 {Name: "ack", Section: "§3.10.7.4", Clause: "fifth: ESTABLISHED, FIN-WAIT-2, CLOSE-WAIT, TIME-WAIT: an acceptable ACK updates SND.UNA"},
	RuleAckIgnored:          {Name: "ack-ignored", Section: "§3.10.7.4", Clause: "fifth: CLOSING, an ACK not acking our FIN is ignored"},
	RuleFin:                 {Name: "fin", Section: "§3.10.7.4", Clause: "eighth: a FIN at RCV.NXT is acknowledged; connection closing"},
	RuleFinHeld:             {Name: "fin-held", Section: "§3.10.7.4", Clause: "a FIN beyond RCV.NXT is held for later, then lost (SHLD-31)"},
	RuleLoss:                {Name: "loss", Section: "§3.4", Clause: "the network loses a segment (old duplicates age out, §3.4.1 MSL)"},
	RuleRetransmit:          {Name: "retransmit", Section: "§3.10.8", Clause: "retransmission timeout: send the front of the queue again"},
	RuleGiveUp:              {Name: "give-up", Section: "§3.8.3", Clause: "R2 retransmissions reached: close the connection (MUST-20)"},
	RuleTimeWaitExpire:      {Name: "time-wait-expire", Section: "§3.10.8", Clause: "TIME-WAIT timeout after 2MSL (MUST-13): CLOSED"},
	RuleFinWait2Expire:      {Name: "fin-wait-2-expire", Section: "tcp_fin_timeout", Clause: "FIN-WAIT-2 timer (BSD, Linux; not in RFC 9293): CLOSED", Gate: "--fin-wait-2-timer"},
	RuleCrash:               {Name: "crash", Section: "§3.4.1", Clause: "a host crash loses the TCB (quiet time §3.4.3)", Gate: "--crash"},
	RuleTwoWayHandshake:     {Name: "two-way-handshake", Section: "broken", Clause: "LISTEN+SYN enters ESTABLISHED (no third step)", Gate: "--variant two-way-handshake"},
	RuleAnySynAck:           {Name: "any-syn-ack", Section: "broken", Clause: "SYN-SENT accepts any SYN,ACK", Gate: "--variant synsent-accepts-any-synack"},
	RuleAckFinWait1:         {Name: "ack-fin-wait-1", Section: "§3.10.7.4", Clause: "fifth: FIN-WAIT-1, our FIN acknowledged: FIN-WAIT-2"},
	RuleAckClosing:          {Name: "ack-closing", Section: "§3.10.7.4", Clause: "fifth: CLOSING, our FIN acknowledged: TIME-WAIT"},
	RuleAckLastAck:          {Name: "ack-last-ack", Section: "§3.10.7.4", Clause: "fifth: LAST-ACK, our FIN acknowledged: delete the TCB, CLOSED"},
	RuleDuplicate:           {Name: "duplicate", Section: "§3.4", Clause: "the network delivers a copy and keeps the segment in flight (counted besides the rule the copy fires)"},
	RuleSendQueue:           {Name: "send-queue", Section: "§3.10.2", Clause: "SEND call in SYN-SENT, SYN-RECEIVED (or behind queued data): queue the unit", Gate: "--data 1"},
	RuleSend:                {Name: "send", Section: "§3.10.2", Clause: "SEND call in ESTABLISHED, CLOSE-WAIT: segmentize the unit", Gate: "--data 1"},
	RuleSendRefused:         {Name: "send-refused", Section: "§3.10.2", Clause: "SEND call after the FIN, by a user who never called CLOSE: \"connection closing\", the unit is lost", Gate: "--variant three-segment-close"},
	RuleOutput:              {Name: "send-queued", Section: "§3.10.2, §3.10.4", Clause: "segmentize the front of the queue once ESTABLISHED, then the FIN a CLOSE left waiting", Gate: "--data 1"},
	RuleData:                {Name: "data", Section: "§3.10.7.4", Clause: "seventh: a unit at RCV.NXT in ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 is delivered and acknowledged", Gate: "--data 1"},
	RuleDataHeld:            {Name: "data-held", Section: "§3.10.7.4", Clause: "seventh: a unit beyond RCV.NXT is held for later, then lost; an ACK is sent", Gate: "--data 1"},
	RuleDataIgnored:         {Name: "data-ignored", Section: "§3.10.7.4", Clause: "seventh: CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT ignore the segment text", Gate: "--data 1"},
	RuleTimeWaitReopen:      {Name: "time-wait-reopen", Section: "§3.6.1", Clause: "TIME-WAIT accepts a new SYN above RCV.NXT and reopens in SYN-RECEIVED (MAY-2)", Gate: "--time-wait-reuse"},
	RuleSynRcvdDupSyn:       {Name: "syn-received-dup-syn", Section: "Linux tcp_check_req, FreeBSD syncache_add", Clause: "passive SYN-RECEIVED: a retransmitted SYN (Linux: at IRS; FreeBSD: any) is answered with the SYN,ACK again (docs/PROFILES.md L2, B2)", Gate: "--variant linux or bsd"},
	RuleSYNToListenReset:    {Name: "syn-to-listen-reset", Section: "Linux tcp_check_req", Clause: "passive SYN-RECEIVED: an in-window SYN off IRS is answered by a reset and the half-open connection dropped (L3)", Gate: "--variant linux"},
	RuleRSTAfterFin:         {Name: "rst-after-fin", Section: "Linux tcp_reset_check", Clause: "CLOSE-WAIT, CLOSING, LAST-ACK: a RST at RCV.NXT-1 resets (L5)", Gate: "--variant linux"},
	RuleRSTTimeWaitDrop:     {Name: "rst-time-wait-drop", Section: "Linux tcp_timewait_state_process", Clause: "TIME-WAIT: an in-window RST off RCV.NXT is dropped without a challenge ACK (L8)", Gate: "--variant linux"},
	RuleTimeWaitSynDrop:     {Name: "time-wait-syn-drop", Section: "FreeBSD tcp_twcheck", Clause: "TIME-WAIT: a SYN without ACK that does not reopen is dropped silently (B7)", Gate: "--variant bsd"},
	RuleTrimmedSynAck:       {Name: "trimmed-syn-ack", Section: "Linux tcp_validate_incoming, FreeBSD tcp_do_segment", Clause: "a SYN at RCV.NXT-1 is trimmed and the rest of the segment answered by an ACK (simultaneous open: L6, B13)", Gate: "--variant linux or bsd"},
	RuleSynRcvdRSTInWindow:  {Name: "syn-received-rst-in-window", Section: "Linux tcp_check_req", Clause: "passive SYN-RECEIVED: any in-window RST drops the half-open connection, no exact-match check (L4)", Gate: "--variant linux"},
	RuleOldAckChallenge:     {Name: "old-ack-challenge", Section: "Linux tcp_ack; RFC 5961 §5.2", Clause: "an ACK below SND.UNA draws a challenge ACK, the segment is dropped (L15)", Gate: "--variant linux"},
	RuleTimeWaitAckDrop:     {Name: "time-wait-ack-drop", Section: "Linux tcp_timewait_state_process", Clause: "TIME-WAIT: a segment at RCV.NXT without SYN, FIN or data is dropped silently, whatever its ACK (L20)", Gate: "--variant linux"},
	RuleSynRcvdAckFirst:     {Name: "syn-received-ack-first", Section: "Linux tcp_check_req", Clause: "passive SYN-RECEIVED: SEG.ACK other than SND.NXT is answered by <SEQ=SEG.ACK><CTL=RST> (nothing for a RST) before the sequence number is checked; the half-open connection stays (L16)", Gate: "--variant linux"},
	RuleCloseDeferred:       {Name: "close-deferred", Section: "Linux tcp_shutdown; §3.10.4", Clause: "CLOSE in an active SYN-RECEIVED queues the FIN until ESTABLISHED (the RFC's 'otherwise, queue' branch), sent with the ACK that completes the handshake (L17)", Gate: "--variant linux"},
	RuleOldSegment:          {Name: "old-segment", Section: "Linux tcp_sequence, tcp_data_queue", Clause: "a SYN, FIN or unit at RCV.NXT-1 is acceptable (its end reaches RCV.NXT): its ACK is processed, then a duplicate ACK sent (L19)", Gate: "--variant linux"},
	RuleAfterFinIgnored:     {Name: "after-fin-ignored", Section: "Linux tcp_rcv_state_process", Clause: "CLOSE-WAIT, CLOSING, LAST-ACK: after the ACK field, a segment at or beyond RCV.NXT is not processed further, nothing is sent; CLOSING reaching TIME-WAIT stops there too (L18)", Gate: "--variant linux"},
	RuleTimeWaitAck:         {Name: "time-wait-ack", Section: "Linux tcp_timewait_state_process", Clause: "TIME-WAIT: any segment other than a RST, an exact segment without text or a reopening SYN is answered by an ACK (L21)", Gate: "--variant linux"},
	RuleRateLimited:         {Name: "ack-rate-limited", Section: "RFC 5961 §7; Linux tcp_oow_rate_limited, FreeBSD tcp_send_challenge_ack", Clause: "a challenge ACK (Linux: any ACK answering an unacceptable segment) is omitted by the rate limit; the segment is dropped as without it (L9, B12)", Gate: "--challenge-ack-limit"},
	RuleReceive:             {Name: "receive", Section: "§3.10.3", Clause: "RECEIVE call with a unit accepted and not yet read: the user reads the oldest", Gate: "--data 1"},
	RuleReceiveClosing:      {Name: "receive-closing", Section: "§3.10.3", Clause: "RECEIVE call after the peer's FIN with nothing left to read: \"connection closing\", the end of the stream", Gate: "--data 1"},
	RuleCloseUnreadReset:    {Name: "close-unread-reset", Section: "§3.6.1", Clause: "half-duplex close: CLOSE with received data unread sends a RST and deletes the TCB (MAY-1, SHLD-3)", Gate: "--data 1 --half-duplex-rst"},
	RuleDataAfterCloseReset: {Name: "data-after-close-reset", Section: "§3.6.1", Clause: "half-duplex close: new data arriving after CLOSE is answered by a reset and the TCB deleted (MAY-1, SHLD-3)", Gate: "--data 1 --half-duplex-rst"},
	RuleFinAndClose:         {Name: "fin-and-close", Section: "broken", Clause: "ESTABLISHED answers a FIN with FIN,ACK and enters LAST-ACK (no CLOSE-WAIT)", Gate: "--variant three-segment-close"},
}

// Section is the RFC section of the rule ("§3.10.7.3"), or a short
// reference when the rule is not RFC 9293's.
func (r Rule) Section() string {
	if r < numRules {
		return ruleInfo[r].Section
	}
	return ""
}

// String is the rule's stable name ("syn-sent-syn-ack").
func (r Rule) String() string {
	if r < numRules {
		return ruleInfo[r].Name
	}
	return "rule?"
}

// Info describes the rule.
func (r Rule) Info() RuleInfo {
	if r < numRules {
		i := ruleInfo[r]
		i.Rule = r
		return i
	}
	return RuleInfo{Rule: r, Name: "rule?"}
}

// NumRules is one more than the largest Rule: arrays indexed by Rule
// have this length.
const NumRules = int(numRules)

// Rules lists every rule but RuleNone, in declaration order.
func Rules() []RuleInfo {
	out := make([]RuleInfo, 0, numRules-1)
	for r := RuleNone + 1; r < numRules; r++ {
		out = append(out, r.Info())
	}
	return out
}

// RuleByName finds a rule by its stable name.
func RuleByName(name string) (Rule, bool) {
	for r := RuleNone + 1; r < numRules; r++ {
		if ruleInfo[r].Name == name {
			return r, true
		}
	}
	return RuleNone, false
}
