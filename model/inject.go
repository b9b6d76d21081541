package model

// Inject is the tester action "inject any segment": g arrives at the peer
// of g.Src as if it had been in flight, without having to be in the network
// of s first (a conformance tester forges segments at will; docs/MODEL.md
// §18). It returns every successor the model allows, one per ISS choice for
// a SYN at a listener (§6), in ascending ISS order. The network of s is
// left as it is, with the receiver's reply (if any) added; a reply that
// does not fit flags the successor with BoundNet as in Next. Inject is not
// part of Next: explore's state counts do not change.
func (m *Model) Inject(s *State, g Segment) []Transition {
	if s.Bound != 0 {
		return nil
	}
	g.Seq %= m.n
	g.Ack %= m.n
	if g.Flags&FlagACK == 0 {
		g.Ack = 0
	}
	c := g.code()
	r := g.Src.Peer()
	var out []Transition
	one := func(iss uint16) {
		t := *s
		var a Action
		m.arrive(&t, r, c, iss, &a)
		if m.cfg.ListenerStays {
			listenAgain(&t, &a)
		}
		if t.E[A].Quiet || t.E[B].Quiet {
			endQuiet(&t)
		}
		out = append(out, Transition{a, t})
		if m.rateLimited(&a) {
			u := *s
			var b Action
			m.arrive(&u, r, c, iss, &b)
			m.unsend(&u, &b)
			if m.cfg.ListenerStays {
				listenAgain(&u, &b)
			}
			out = append(out, Transition{b, u})
		}
	}
	if (s.E[r].State == Listen || m.cfg.TWReuse == TWReuseClock && m.reopens(&s.E[r], c)) && g.Flags&(FlagSYN|FlagACK|FlagRST) == FlagSYN && int(s.E[r].Att) < m.cfg.Attempts {
		if m.issChoices(s, r, one) == 0 {
			t := *s
			t.Bound |= BoundISNSpace
			a := Action{Kind: Deliver, Side: r, From: Listen, To: Listen, Rule: RuleListenSYN, Seg: g}
			out = append(out, Transition{a, t})
		}
		return out
	}
	one(0)
	return out
}
