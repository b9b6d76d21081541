package pcaptest

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

// Edit is one capture made from another by the script of an edits file:
//
//	# comment
//	NAME from SOURCE          (a new capture NAME.pcap from SOURCE.pcap)
//	  seq N +D | =V           (packet N's SEQ moved by D or set to V)
//	  ack N +D | =V
//	  flags N SYN,ACK,...     (packet N's flags replaced)
//	  swap N M                (packets N and M change places)
//	  copy N after M [FIELD VALUE]...  (a copy of N inserted after M, its fields edited)
//	  drop N
//
// Packet numbers count from 1 in the source and refer to the source's
// numbering throughout.
type Edit struct {
	Name, From string
	Lines      []string
}

// ParseEdits reads an edits file.
func ParseEdits(text string) ([]Edit, error) {
	var out []Edit
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			f := strings.Fields(t)
			if len(f) != 3 || f[1] != "from" {
				return nil, fmt.Errorf("line %d: want NAME from SOURCE, got %q", n, t)
			}
			out = append(out, Edit{Name: f[0], From: f[2]})
			continue
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("line %d: an edit before any NAME from SOURCE", n)
		}
		out[len(out)-1].Lines = append(out[len(out)-1].Lines, t)
	}
	return out, sc.Err()
}

// Apply runs e's lines on the frames of its source.
func (e Edit) Apply(src []Packet) ([]Packet, error) {
	type item struct {
		p  Packet
		id int // source packet number
	}
	items := make([]item, len(src))
	for i, p := range src {
		items[i] = item{Packet{p.Time, append([]byte(nil), p.Frame...)}, i + 1}
	}
	find := func(id int) (int, error) {
		for i, it := range items {
			if it.id == id {
				return i, nil
			}
		}
		return 0, fmt.Errorf("%s: no packet %d", e.Name, id)
	}
	num := func(s string) (int, error) { return strconv.Atoi(s) }
	setField := func(t TCP, field, val string) error {
		if field == "flags" {
			var f uint8
			for _, x := range strings.Split(val, ",") {
				b, ok := map[string]uint8{"FIN": FIN, "SYN": SYN, "RST": RST, "PSH": PSH, "ACK": ACK}[x]
				if !ok {
					return fmt.Errorf("%s: flag %q unknown", e.Name, x)
				}
				f |= b
			}
			t.SetFlags(f)
			return nil
		}
		get, set := t.Seq, t.SetSeq
		if field == "ack" {
			get, set = t.Ack, t.SetAck
		} else if field != "seq" {
			return fmt.Errorf("%s: field %q unknown: use seq, ack or flags", e.Name, field)
		}
		if len(val) < 2 || (val[0] != '+' && val[0] != '=' && val[0] != '-') {
			return fmt.Errorf("%s: value %q: use +D, -D or =V", e.Name, val)
		}
		v, err := strconv.ParseInt(val[1:], 10, 64)
		if err != nil {
			return fmt.Errorf("%s: value %q: %v", e.Name, val, err)
		}
		switch val[0] {
		case '+':
			set(get() + uint32(v))
		case '-':
			set(get() - uint32(v))
		default:
			set(uint32(v))
		}
		return nil
	}
	for _, l := range e.Lines {
		f := strings.Fields(l)
		switch {
		case (f[0] == "seq" || f[0] == "ack" || f[0] == "flags") && len(f) == 3:
			id, err := num(f[1])
			if err != nil {
				return nil, err
			}
			i, err := find(id)
			if err != nil {
				return nil, err
			}
			t, err := TCPOf(items[i].p.Frame)
			if err != nil {
				return nil, err
			}
			if err := setField(t, f[0], f[2]); err != nil {
				return nil, err
			}
		case f[0] == "swap" && len(f) == 3:
			a, _ := num(f[1])
			b, _ := num(f[2])
			i, err := find(a)
			if err != nil {
				return nil, err
			}
			j, err := find(b)
			if err != nil {
				return nil, err
			}
			items[i].p.Frame, items[j].p.Frame = items[j].p.Frame, items[i].p.Frame
			items[i].id, items[j].id = items[j].id, items[i].id
		case f[0] == "copy" && len(f) >= 4 && f[2] == "after" && len(f)%2 == 0:
			a, _ := num(f[1])
			b, _ := num(f[3])
			i, err := find(a)
			if err != nil {
				return nil, err
			}
			j, err := find(b)
			if err != nil {
				return nil, err
			}
			c := item{Packet{items[j].p.Time, append([]byte(nil), items[i].p.Frame...)}, -1}
			t, err := TCPOf(c.p.Frame)
			if err != nil {
				return nil, err
			}
			for k := 4; k+1 < len(f); k += 2 {
				if err := setField(t, f[k], f[k+1]); err != nil {
					return nil, err
				}
			}
			items = append(items[:j+1], append([]item{c}, items[j+1:]...)...)
		case f[0] == "drop" && len(f) == 2:
			a, _ := num(f[1])
			i, err := find(a)
			if err != nil {
				return nil, err
			}
			items = append(items[:i], items[i+1:]...)
		default:
			return nil, fmt.Errorf("%s: cannot read %q", e.Name, l)
		}
	}
	out := make([]Packet, len(items))
	for i, it := range items {
		out[i] = it.p
	}
	return out, nil
}
