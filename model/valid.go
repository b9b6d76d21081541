package model

import "fmt"

// Valid checks the structural invariants every reachable state keeps: a
// canonical network within the bound, a deleted TCB in CLOSED and LISTEN,
// sequence variables within the few values a data-less connection uses,
// and counters within their bounds. The encoding is exact on valid states.
// It returns nil or an error naming the first broken invariant.
func (m *Model) Valid(s *State) error {
	c := &m.cfg
	if int(s.Net.n) > c.NetBound && s.Bound == 0 {
		return fmt.Errorf("network holds %d segments, bound %d", s.Net.n, c.NetBound)
	}
	for i := 0; i < MaxNetBound; i++ {
		code := s.Net.seg[i]
		if i < int(s.Net.n) {
			if code == 0 || code>>27&15 == 0 {
				return fmt.Errorf("slot %d holds no segment", i)
			}
			if i > 0 && s.Net.seg[i-1] > code {
				return fmt.Errorf("network out of order at slot %d", i)
			}
			g := unpack(code)
			if int(g.Seq) >= c.ISNSpace || int(g.Ack) >= c.ISNSpace {
				return fmt.Errorf("segment %v beyond --isn-space", g)
			}
		} else if code != 0 {
			return fmt.Errorf("empty slot %d not zero", i)
		}
	}
	if c.LossBudget >= 0 && int(s.Losses) > c.LossBudget || c.LossBudget < 0 && s.Losses != 0 {
		return fmt.Errorf("losses %d beyond --loss-budget %d", s.Losses, c.LossBudget)
	}
	for i := range s.E {
		if err := m.validEndpoint(&s.E[i]); err != nil {
			return fmt.Errorf("%v: %v", Side(i), err)
		}
	}
	return nil
}

func (m *Model) validEndpoint(p *Endpoint) error {
	c := &m.cfg
	switch {
	case p.State >= numStates:
		return fmt.Errorf("state %d", p.State)
	case int(p.Opens) > c.Opens:
		return fmt.Errorf("opens %d beyond --opens %d", p.Opens, c.Opens)
	case int(p.Att) > c.Attempts:
		return fmt.Errorf("attempt %d beyond --attempts %d", p.Att, c.Attempts)
	case int(p.Retx) > c.R2:
		return fmt.Errorf("retx %d beyond --r2 %d", p.Retx, c.R2)
	case p.Crashes > 1 || p.Crashes > 0 && !c.Crash:
		return fmt.Errorf("crashes %d", p.Crashes)
	case p.Aborted && !p.Abrupt, p.Crashes > 0 && !p.Aborted, p.Quiet && p.Crashes == 0:
		return fmt.Errorf("sticky ghosts abrupt=%v aborted=%v crashes=%d quiet=%v", p.Abrupt, p.Aborted, p.Crashes, p.Quiet)
	case p.Confirmed&0xf != 0:
		return fmt.Errorf("confirmed %#x has attempt 0", p.Confirmed)
	case int(p.Sent) > c.Data || p.Queue > p.Sent:
		return fmt.Errorf("sent %d, queued %d, --data %d", p.Sent, p.Queue, c.Data)
	case (p.Queue > 0 || p.FinPending) && (p.State == Closed || p.State == Listen):
		return fmt.Errorf("%v keeps a send queue", p.State)
	case p.Read > 0 && (p.State == Closed || p.State == Listen || p.State == SynSent):
		return fmt.Errorf("%v has read %d units", p.State, p.Read)
	}
	if p.State == Closed || p.State == Listen {
		if p.ISS|p.IRS|p.SndUna|p.SndNxt|p.RcvNxt != 0 || p.Retx != 0 || p.PeerAtt != 0 || p.Passive != (p.State == Listen) {
			return fmt.Errorf("%v keeps a TCB: %+v", p.State, *p)
		}
		return nil
	}
	if p.Quiet {
		return fmt.Errorf("quiet in %v", p.State)
	}
	if int(p.ISS) >= c.ISNSpace || int(p.IRS) >= c.ISNSpace {
		return fmt.Errorf("ISS %d or IRS %d beyond --isn-space", p.ISS, p.IRS)
	}
	span := uint16(2 + c.Data) // SYN, the data, FIN
	una, nxt := m.sub(p.SndUna, p.ISS), m.sub(p.SndNxt, p.ISS)
	if nxt < 1 || nxt > span || una > nxt {
		return fmt.Errorf("SND.UNA=ISS+%d SND.NXT=ISS+%d", una, nxt)
	}
	if p.Att == 0 {
		return fmt.Errorf("%v with attempt 0", p.State)
	}
	if p.State == SynSent {
		if p.IRS != 0 || p.RcvNxt != 0 || p.PeerAtt != 0 || una != 0 || nxt != 1 {
			return fmt.Errorf("SYN-SENT with %+v", *p)
		}
		return nil
	}
	if rcv := m.sub(p.RcvNxt, p.IRS); rcv < 1 || rcv > span {
		return fmt.Errorf("RCV.NXT=IRS+%d", rcv)
	}
	if m.unitsIn(p) < uint16(p.Read) {
		return fmt.Errorf("read %d of %d units received", p.Read, m.unitsIn(p))
	}
	if !p.Confirms(p.Att, p.PeerAtt) {
		return fmt.Errorf("pair <%d,%d> not confirmed", p.Att, p.PeerAtt)
	}
	return nil
}
