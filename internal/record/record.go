//go:build linux

// Package record captures real Linux TCP connections for tcpcheck's test
// data: a Go client and server talk over the loopback interface of a
// private network namespace, and an AF_PACKET socket bound to that
// interface records every segment as it is sent.
//
// The namespace belongs to one locked OS thread, which is never unlocked:
// when the recording goroutine returns, Go ends the thread and the kernel
// frees the namespace with it. Nothing is sent outside the namespace.
// The options the model lacks are switched off with the namespace's own
// sysctls (timestamps, SACK, window scaling, ECN).
package record

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"golang.org/x/sys/unix"
)

// Env is the inside of the namespace a scenario runs in.
type Env struct {
	// Listen and Dial create sockets in the namespace: call them only
	// from the scenario function's own goroutine (the locked thread).
	Listen func(port int) (*net.TCPListener, error)
	Dial   func(port int) (*net.TCPConn, error)
}

// Scenario is a client and server exchange. It runs on the namespace's
// thread; goroutines it starts may use the sockets but not create any.
type Scenario func(env *Env) error

// sysctls the model has no counterpart for, off in the namespace.
var sysctls = map[string]string{
	"net/ipv4/tcp_timestamps":     "0",
	"net/ipv4/tcp_sack":           "0",
	"net/ipv4/tcp_window_scaling": "0",
	"net/ipv4/tcp_ecn":            "0",
}

// Available reports why recording cannot work here, or nil.
func Available() error {
	if os.Geteuid() != 0 {
		return errors.New("recording needs root (CAP_SYS_ADMIN for unshare, CAP_NET_RAW for AF_PACKET)")
	}
	return nil
}

// Run runs sc in a fresh network namespace and returns the pcap file
// (link type Ethernet, as Linux shows the loopback interface) of every
// segment sent.
func Run(sc Scenario) ([]byte, error) {
	type result struct {
		pcap []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		// Never unlocked: the thread dies with this goroutine and takes
		// the namespace with it.
		b, err := inNamespace(sc)
		done <- result{b, err}
	}()
	r := <-done
	return r.pcap, r.err
}

func inNamespace(sc Scenario) ([]byte, error) {
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		return nil, fmt.Errorf("unshare(CLONE_NEWNET): %w", err)
	}
	for k, v := range sysctls {
		// /proc/sys/net resolves to the opening thread's namespace.
		if err := os.WriteFile("/proc/sys/"+k, []byte(v), 0); err != nil {
			return nil, fmt.Errorf("sysctl %s: %w", k, err)
		}
	}
	lo, err := loUp()
	if err != nil {
		return nil, err
	}
	rec, err := startCapture(lo)
	if err != nil {
		return nil, err
	}
	env := &Env{
		Listen: func(port int) (*net.TCPListener, error) {
			return net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
		},
		Dial: func(port int) (*net.TCPConn, error) {
			return net.DialTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
		},
	}
	scErr := sc(env)
	time.Sleep(300 * time.Millisecond) // let the last segments go out
	out, capErr := rec.stop()
	if scErr != nil {
		return nil, scErr
	}
	return out, capErr
}

// loUp brings up the namespace's loopback interface and returns its index.
func loUp() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return 0, err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return 0, fmt.Errorf("SIOCGIFFLAGS lo: %w", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return 0, fmt.Errorf("SIOCSIFFLAGS lo: %w", err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFINDEX, ifr); err != nil {
		return 0, fmt.Errorf("SIOCGIFINDEX lo: %w", err)
	}
	return int(ifr.Uint32()), nil
}

type recorder struct {
	fd      int
	mu      sync.Mutex
	stopped bool
	buf     bytes.Buffer
	w       *pcapgo.Writer
	done    chan error
}

func htons(v uint16) uint16 { return v<<8 | v>>8 }

func startCapture(ifindex int) (*recorder, error) {
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, int(htons(unix.ETH_P_ALL)))
	if err != nil {
		return nil, fmt.Errorf("AF_PACKET socket: %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrLinklayer{Protocol: htons(unix.ETH_P_ALL), Ifindex: ifindex}); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("bind AF_PACKET to lo: %w", err)
	}
	tv := unix.Timeval{Usec: 50_000}
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		unix.Close(fd)
		return nil, err
	}
	r := &recorder{fd: fd, done: make(chan error, 1)}
	r.w = pcapgo.NewWriter(&r.buf)
	if err := r.w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		unix.Close(fd)
		return nil, err
	}
	go r.loop()
	return r, nil
}

func (r *recorder) loop() {
	b := make([]byte, 65536)
	for {
		r.mu.Lock()
		stop := r.stopped
		r.mu.Unlock()
		if stop {
			r.done <- nil
			return
		}
		n, from, err := unix.Recvfrom(r.fd, b, 0)
		if err == unix.EAGAIN || err == unix.EINTR {
			continue
		}
		if err != nil {
			r.done <- err
			return
		}
		// The loopback shows each packet twice, sent and received: keep
		// the sending, the moment it enters the wire.
		if ll, ok := from.(*unix.SockaddrLinklayer); !ok || ll.Pkttype != unix.PACKET_OUTGOING {
			continue
		}
		fixChecksum(b[:n])
		ci := gopacket.CaptureInfo{Timestamp: time.Now(), CaptureLength: n, Length: n}
		if err := r.w.WritePacket(ci, b[:n]); err != nil {
			r.done <- err
			return
		}
	}
}

func (r *recorder) stop() ([]byte, error) {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
	err := <-r.done
	unix.Close(r.fd)
	return r.buf.Bytes(), err
}

// fixChecksum fills in the TCP checksum of an Ethernet/IPv4/TCP frame.
// The loopback leaves it partial (the kernel skips what no wire checks);
// a capture on a real interface would show the full sum.
func fixChecksum(f []byte) {
	if len(f) < 14+20 || f[12] != 0x08 || f[13] != 0x00 || f[14+9] != 6 {
		return
	}
	ip := f[14:]
	ihl := int(ip[0]&15) * 4
	tot := int(ip[2])<<8 | int(ip[3])
	if tot > len(ip) || ihl+20 > tot {
		return
	}
	seg := ip[ihl:tot]
	seg[16], seg[17] = 0, 0
	var s uint32
	add := func(b []byte) {
		for len(b) >= 2 {
			s += uint32(b[0])<<8 | uint32(b[1])
			b = b[2:]
		}
		if len(b) == 1 {
			s += uint32(b[0]) << 8
		}
	}
	add(ip[12:20])
	s += 6 + uint32(len(seg))
	add(seg)
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	c := ^uint16(s)
	seg[16], seg[17] = byte(c>>8), byte(c)
}
