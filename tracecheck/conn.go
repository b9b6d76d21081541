package tracecheck

import (
	"github.com/tcpcheck/tcpcheck/capture"
	"github.com/tcpcheck/tcpcheck/model"
)

// Verdict is the check of one connection under one variant.
type Verdict struct {
	Variant string
	Config  model.Config
	Mapped  *capture.Mapped
	*Result
}

// CheckConn maps c and checks it against the named variant.
func CheckConn(c *capture.Conn, variant string, opt Options) (*Verdict, error) {
	mp, err := capture.Map(c, MapConfig)
	if err != nil {
		return nil, err
	}
	return CheckMapped(c, mp, variant, opt)
}

// CheckMapped checks an already mapped connection against a variant.
func CheckMapped(c *capture.Conn, mp *capture.Mapped, variant string, opt Options) (*Verdict, error) {
	bothOpen := false
	for i := range c.Segments {
		s := &c.Segments[i]
		if s.FromB && s.Flags&(capture.SYN|capture.ACK) == capture.SYN {
			bothOpen = true
		}
	}
	cfg, err := Config(variant, mp, bothOpen)
	if err != nil {
		return nil, err
	}
	m, err := model.New(cfg)
	if err != nil {
		return nil, err
	}
	r, err := Check(m, mp.Obs, opt)
	if err != nil {
		return nil, err
	}
	return &Verdict{Variant: variant, Config: cfg, Mapped: mp, Result: r}, nil
}

// Variants names every variant of the model, in its order: what
// --variant auto tries.
func Variants() []string {
	var out []string
	for _, v := range model.Variants() {
		out = append(out, v.Name)
	}
	return out
}
