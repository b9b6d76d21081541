// Package gvisor drives gVisor's netstack (gvisor.dev/gvisor/pkg/tcpip), a
// TCP/IP stack in pure Go, in-process: the stack's only NIC is a channel
// link endpoint whose packets the conformance tester reads and writes. It
// needs no privileges and touches no network. The stack's clock is a
// manual clock that advances only when a test waits: then it jumps to the
// next timer due (retransmission, give-up, TIME-WAIT, FIN-WAIT-2), so the
// timer tests take no real time, and no timer fires in other steps: what
// the stack does is a function of the segments, calls and waits alone.
package gvisor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gvisor.dev/gvisor/pkg/buffer"
	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/link/channel"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/waiter"

	"github.com/tcpcheck/tcpcheck/conform"
	"github.com/tcpcheck/tcpcheck/model"
)

// Driver makes one gVisor stack per test.
type Driver struct {
	// SettleTime is how long the stack must stay silent for "no reply";
	// netstack processes segments on its own goroutines.
	SettleTime time.Duration
}

func (d *Driver) Name() string { return "gvisor" }

func (d *Driver) Settle() time.Duration {
	if d.SettleTime > 0 {
		return d.SettleTime
	}
	return 10 * time.Millisecond
}

const nicID = 1

// retries is how many times the stacks send a SYN, SYN,ACK or FIN again
// before giving up. The handshake's is fixed: its timer starts at
// InitialRTO (1 s) and doubles until it would pass MaxRTO (120 s), six
// times (connect.go newBackoffTimer, backoffTimer.reset;
// TCPSynRetriesOption is not used there); TCPMaxRetriesOption makes the
// FIN's the same.
const retries = 6

// Retries implements conform.TimedDriver.
func (d *Driver) Retries() int { return retries }

// WaitLimit implements conform.TimedDriver: fake time, ten minutes, longer
// than any of netstack's timers (TIME-WAIT and FIN-WAIT-2 60 s).
func (d *Driver) WaitLimit() time.Duration { return 10 * time.Minute }

// FakeClock implements conform.TimedDriver.
func (d *Driver) FakeClock() bool { return true }

// New builds a stack with one NIC at conform.StackAddr.
func (d *Driver) New() (conform.Stack, error) {
	clk := newClock()
	s := stack.New(stack.Options{
		NetworkProtocols:   []stack.NetworkProtocolFactory{ipv4.NewProtocol},
		TransportProtocols: []stack.TransportProtocolFactory{tcp.NewProtocol},
		Clock:              clk,
	})
	maxRetries := tcpip.TCPMaxRetriesOption(retries)
	if err := s.SetTransportProtocolOption(tcp.ProtocolNumber, &maxRetries); err != nil {
		s.Close()
		return nil, fmt.Errorf("gvisor: setting the retries: %v", err)
	}
	// No rate limit on the ACKs that answer unacceptable segments: a test
	// sends several in a row (RFC 5961 §7 allows a limit; the model has
	// none).
	if err := s.SetOption(stack.TCPInvalidRateLimitOption(0)); err != nil {
		s.Close()
		return nil, fmt.Errorf("gvisor: setting the invalid-segment rate limit: %v", err)
	}
	link := channel.New(256, 1500, "")
	if err := s.CreateNIC(nicID, link); err != nil {
		s.Close()
		return nil, fmt.Errorf("gvisor: creating the NIC: %v", err)
	}
	addr := tcpip.ProtocolAddress{Protocol: ipv4.ProtocolNumber, AddressWithPrefix: tcpip.AddrFrom4(conform.StackAddr).WithPrefix()}
	if err := s.AddProtocolAddress(nicID, addr, stack.AddressProperties{}); err != nil {
		s.Close()
		return nil, fmt.Errorf("gvisor: adding the address: %v", err)
	}
	s.SetRouteTable([]tcpip.Route{{Destination: header.IPv4EmptySubnet, NIC: nicID}})
	return &gstack{s: s, link: link, clock: clk}, nil
}

// gstack is one stack: at most a listener and a connection.
type gstack struct {
	s        *stack.Stack
	link     *channel.Endpoint
	listener tcpip.Endpoint
	conn     tcpip.Endpoint
	clock    *clock
}

// UseTimers implements conform.Waiter: the clock moves only in Wait.
func (g *gstack) UseTimers() error { return nil }

// Wait implements conform.Waiter: it advances the clock to the next timer
// due, or by d when none is due sooner. In FIN-WAIT-2 the connection is
// first closed, so that netstack starts its FIN-WAIT-2 timer
// (TCPLingerTimeoutOption), which it runs only for a closed endpoint.
func (g *gstack) Wait(d time.Duration) (time.Duration, error) {
	if g.conn != nil {
		st, err := g.State()
		if err != nil {
			return 0, err
		}
		if st == model.FinWait2 {
			g.conn.Close()
			g.conn = nil
		}
	}
	before, err := g.State()
	if err != nil {
		return 0, err
	}
	step, due := d, false
	if t, ok := g.clock.next(); ok && t.Sub(g.clock.Now()) < d {
		step, due = t.Sub(g.clock.Now()), true
	}
	g.clock.Advance(step)
	if due {
		// netstack handles an expired timer on its own goroutines: wait
		// (at most 200 ms of real time) until it has sent something or
		// changed state, so that the next wait does not move the clock
		// past a timer it has yet to set again.
		for end := time.Now().Add(200 * time.Millisecond); time.Now().Before(end); time.Sleep(time.Millisecond) {
			if g.link.NumQueued() > 0 {
				break
			}
			if st, err := g.State(); err != nil || st != before {
				break
			}
		}
	}
	return step, nil
}

func (g *gstack) newEndpoint() (tcpip.Endpoint, error) {
	var wq waiter.Queue
	ep, err := g.s.NewEndpoint(tcp.ProtocolNumber, ipv4.ProtocolNumber, &wq)
	if err != nil {
		return nil, fmt.Errorf("gvisor: new endpoint: %v", err)
	}
	ep.SocketOptions().SetReuseAddress(true)
	if err := ep.Bind(tcpip.FullAddress{Addr: tcpip.AddrFrom4(conform.StackAddr), Port: conform.StackPort}); err != nil {
		ep.Close()
		return nil, fmt.Errorf("gvisor: bind to port %d: %v", conform.StackPort, err)
	}
	return ep, nil
}

func (g *gstack) Listen() error {
	ep, err := g.newEndpoint()
	if err != nil {
		return err
	}
	if err := ep.Listen(8); err != nil {
		ep.Close()
		return fmt.Errorf("gvisor: listen: %v", err)
	}
	g.listener = ep
	return nil
}

func (g *gstack) Connect() error {
	if g.conn != nil {
		g.conn.Close()
		g.conn = nil
	}
	ep, err := g.newEndpoint()
	if err != nil {
		return err
	}
	err2 := ep.Connect(tcpip.FullAddress{NIC: nicID, Addr: tcpip.AddrFrom4(conform.TesterAddr), Port: conform.TesterPort})
	if _, ok := err2.(*tcpip.ErrConnectStarted); !ok && err2 != nil {
		ep.Close()
		return fmt.Errorf("gvisor: connect: %v", err2)
	}
	g.conn = ep
	return nil
}

func (g *gstack) Close() error {
	st, err := g.State()
	if err != nil {
		return err
	}
	switch {
	case st == model.Listen && g.listener != nil:
		g.listener.Close()
		g.listener = nil
	case st == model.SynSent && g.conn != nil:
		g.conn.Close()
		g.conn = nil
	case g.conn != nil:
		if err := g.conn.Shutdown(tcpip.ShutdownWrite); err != nil {
			return fmt.Errorf("gvisor: shutdown: %v", err)
		}
	default:
		return errors.New("gvisor: CLOSE with no socket")
	}
	return nil
}

func (g *gstack) Abort() error {
	st, err := g.State()
	if err != nil {
		return err
	}
	if st == model.Listen && g.listener != nil {
		g.listener.Close()
		g.listener = nil
		return nil
	}
	if g.conn == nil {
		return errors.New("gvisor: ABORT with no socket")
	}
	g.conn.SocketOptions().SetLinger(tcpip.LingerOption{Enabled: true, Timeout: 0})
	g.conn.Close()
	g.conn = nil
	return nil
}

func (g *gstack) Inject(pkt []byte) error {
	pb := stack.NewPacketBuffer(stack.PacketBufferOptions{Payload: buffer.MakeWithData(pkt)})
	g.link.InjectInbound(ipv4.ProtocolNumber, pb)
	pb.DecRef()
	return nil
}

func (g *gstack) Read(wait time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	pkt := g.link.ReadContext(ctx)
	if pkt == nil {
		return nil, nil
	}
	defer pkt.DecRef()
	v := stack.PayloadSince(pkt.NetworkHeader())
	defer v.Release()
	return append([]byte(nil), v.AsSlice()...), nil
}

// State finds the connection's endpoint among the stack's registered ones
// (an embryonic passive connection is registered there too); it accepts a
// completed connection and then closes the listener.
func (g *gstack) State() (model.TCPState, error) {
	if g.listener != nil {
		if n, _, err := g.listener.Accept(nil); err == nil {
			if g.conn != nil {
				g.conn.Close()
			}
			g.conn = n
			g.listener.Close()
			g.listener = nil
		}
	}
	for _, te := range g.s.RegisteredEndpoints() {
		ep, ok := te.(*tcp.Endpoint)
		if !ok {
			continue
		}
		info, ok := ep.Info().(*stack.TransportEndpointInfo)
		if !ok || info.ID.LocalPort != conform.StackPort || info.ID.RemotePort != conform.TesterPort {
			continue
		}
		if st, ok := mapState(tcp.EndpointState(ep.State())); ok {
			return st, nil
		}
	}
	if g.listener != nil {
		return model.Listen, nil
	}
	return model.Closed, nil
}

func mapState(s tcp.EndpointState) (model.TCPState, bool) {
	switch s {
	case tcp.StateEstablished:
		return model.Established, true
	case tcp.StateSynSent, tcp.StateConnecting:
		return model.SynSent, true
	case tcp.StateSynRecv:
		return model.SynReceived, true
	case tcp.StateFinWait1:
		return model.FinWait1, true
	case tcp.StateFinWait2:
		return model.FinWait2, true
	case tcp.StateTimeWait:
		return model.TimeWait, true
	case tcp.StateCloseWait:
		return model.CloseWait, true
	case tcp.StateLastAck:
		return model.LastAck, true
	case tcp.StateClosing:
		return model.Closing, true
	}
	return model.Closed, false
}

func (g *gstack) Stop() error {
	if g.conn != nil {
		g.conn.Abort()
	}
	if g.listener != nil {
		g.listener.Close()
	}
	g.s.Close()
	g.link.Close()
	g.s.Wait()
	g.s.Destroy()
	return nil
}
