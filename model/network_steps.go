package model

// deliveries emits, for each distinct segment in flight (in canonical
// order), its arrival at the peer of its sender: first consuming it, then,
// with --dup, leaving a copy in flight. Equal segments sit next to each
// other, so skipping a code equal to the previous one skips only repeats.
// The network may delay, reorder, duplicate and lose segments (§3.4: the
// sequence-number machinery exists to survive exactly that).
func (x *stepper) deliveries() {
	s := x.s
	for i := 0; i < int(s.Net.n); i++ {
		c := s.Net.seg[i]
		if i > 0 && s.Net.seg[i-1] == c {
			continue
		}
		g := code(c)
		r := g.src().Peer()
		if (s.E[r].State == Listen || x.m.cfg.TWReuse == TWReuseClock && x.m.reopens(&s.E[r], g)) &&
			g.flags()&(FlagSYN|FlagACK|FlagRST) == FlagSYN && int(s.E[r].Att) < x.m.cfg.Attempts {
			// LISTEN draws an ISS: one successor per choice; none left
			// is a bound hit (docs/MODEL.md §11).
			if x.m.issChoices(s, r, func(iss uint16) { x.deliver(i, g, iss) }) == 0 {
				x.deliverBound(i, g, BoundISNSpace)
			}
			continue
		}
		x.deliver(i, g, 0)
	}
}

// deliver emits the arrival of the segment in slot i, consumed and, with
// --dup, copied. The copy's successor differs from the consumed one only in
// the network: arrive reads the network only to check that its reply fits,
// and a consumed segment always leaves room for the reply. So the copy's
// successor is the consumed one with the source's network put back (and
// the source's quiet times, which done may have ended): arrive runs once.
func (x *stepper) deliver(i int, g code, iss uint16) {
	m, s, t := x.m, x.s, x.t
	r := g.src().Peer()
	*t = *s
	t.Net.removeAt(i)
	var a Action
	m.arrive(t, r, g, iss, &a)
	x.done(&a)
	// Asked before the copy: the omission exists with or without --dup
	// (docs/MODEL.md §5, deliveries).
	limited := m.rateLimited(&a)
	if m.cfg.Dup {
		t.Net = s.Net
		t.E[A].Quiet, t.E[B].Quiet = s.E[A].Quiet, s.E[B].Quiet
		if a.HasSent {
			m.send(t, a.Sent.code())
		}
		a.Dup = true
		x.done(&a)
	}
	if limited {
		x.omitReply(i, g, iss)
	}
}

// omitReply emits the arrival of the segment in slot i with its reply
// left out, consumed and, with --dup, copied: a rate limit's omission
// (--challenge-ack-limit).
func (x *stepper) omitReply(i int, g code, iss uint16) {
	m, s, t := x.m, x.s, x.t
	r := g.src().Peer()
	*t = *s
	t.Net.removeAt(i)
	var a Action
	m.arrive(t, r, g, iss, &a)
	m.unsend(t, &a)
	x.done(&a)
	if !m.cfg.Dup {
		return
	}
	t.Net = s.Net
	t.E[A].Quiet, t.E[B].Quiet = s.E[A].Quiet, s.E[B].Quiet
	a.Dup = true
	x.done(&a)
}

// deliverBound emits the arrival of the segment in slot i at a listener
// that cannot draw an ISS, consumed and copied, flagged with bound.
func (x *stepper) deliverBound(i int, g code, bound uint8) {
	r := g.src().Peer()
	st := x.s.E[r].State
	a := Action{Kind: Deliver, Side: r, From: st, To: st, Rule: RuleListenSYN}
	if st == TimeWait {
		a.Rule = RuleTimeWaitReopen
	}
	a.Seg.set(g)
	t := x.begin()
	t.Net.removeAt(i)
	t.Bound |= bound
	x.done(&a)
	if x.m.cfg.Dup {
		t = x.begin()
		t.Bound |= bound
		a.Dup = true
		x.done(&a)
	}
}

// losses emits the loss of each distinct segment in flight. Losses count
// against --loss-budget, except for old duplicates (attempt 0), whose
// disappearance is ageing: every segment dies within MSL (§3.4.1,
// MSL = 2 minutes).
func (x *stepper) losses() {
	s := x.s
	c := &x.m.cfg
	for i := 0; i < int(s.Net.n); i++ {
		g := code(s.Net.seg[i])
		if i > 0 && code(s.Net.seg[i-1]) == g {
			continue
		}
		free := g.att() == 0 || c.LossBudget < 0
		if !free && int(s.Losses) >= c.LossBudget {
			continue
		}
		t := x.begin()
		t.Net.removeAt(i)
		if !free {
			t.Losses++
		}
		src := g.src()
		st := s.E[src].State
		a := Action{Kind: Drop, Side: src, From: st, To: st, Rule: RuleLoss}
		a.Seg.set(g)
		x.done(&a)
	}
}
