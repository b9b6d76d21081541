package linux

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tcpcheck/tcpcheck/conform"
	"github.com/tcpcheck/tcpcheck/model"
)

const tunName = "tcpc0"

// sysctls turns off, inside the namespace, what the model has no notion
// of: timestamps, SACK, window scaling, ECN, SYN cookies, rate limits; and IPv6, so the
// link carries only the test's packets.
var sysctls = map[string]string{
	"net/ipv4/tcp_timestamps":     "0",
	"net/ipv4/tcp_sack":           "0",
	"net/ipv4/tcp_window_scaling": "0",
	"net/ipv4/tcp_ecn":            "0",
	"net/ipv4/tcp_syncookies":     "0",
	// No rate limit on the ACKs that answer unacceptable segments and on
	// challenge ACKs (RFC 5961 §7): a test sends several in a row.
	"net/ipv4/tcp_invalid_ratelimit":     "0",
	"net/ipv4/tcp_challenge_ack_limit":   "2147483647",
	"net/ipv6/conf/all/disable_ipv6":     "1",
	"net/ipv6/conf/default/disable_ipv6": "1",
	// For the timer tests (--slow): Retries (1) retransmission of a SYN
	// (tcp_syn_retries, with the linear timeouts of SYN_SENT off: a count),
	// of a SYN,ACK (tcp_synack_retries: a count) and of a FIN
	// (tcp_retries2: a time, 3 x 200 ms from the first retransmission,
	// which a second RTO of at least 2 x 500 ms, the route's rto_min in
	// a timer test, always passes) before the kernel gives up; and the
	// FIN-WAIT-2 timer of a closed socket at its shortest
	// (tcp_fin_timeout; tcp_fin_time makes it at least 3.5 RTO).
	"net/ipv4/tcp_syn_retries":         "1",
	"net/ipv4/tcp_syn_linear_timeouts": "0",
	"net/ipv4/tcp_synack_retries":      "1",
	"net/ipv4/tcp_retries2":            "1",
	"net/ipv4/tcp_fin_timeout":         "1",
}

// Available reports what is missing to drive the kernel: root (to create
// a network namespace and a TUN device), /dev/net/tun, the ip command.
func Available() error {
	if os.Geteuid() != 0 {
		return errors.New("needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create a network namespace and a TUN device: run it as root, or use --stack gvisor, which needs no privileges")
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		return errors.New("no TUN device at /dev/net/tun: load the tun module (modprobe tun) or, in a container, pass the device in (--device /dev/net/tun); or use --stack gvisor")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return errors.New("the ip command (iproute2) is not installed; it sets the namespace's route metrics")
	}
	return nil
}

func run(settle time.Duration, f func(conform.Driver) int) (int, error) {
	if err := Available(); err != nil {
		return 0, err
	}
	type result struct {
		code int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		// Never unlocked: the thread ends with this goroutine, and the
		// namespace it is in goes with it.
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			done <- result{err: fmt.Errorf("unshare(CLONE_NEWNET): %v: needs CAP_SYS_ADMIN; in a container, run it privileged or use --stack gvisor", err)}
			return
		}
		d := &driver{settle: settle}
		s, err := d.New()
		if err != nil {
			done <- result{err: err}
			return
		}
		s.Stop()
		done <- result{code: f(d)}
	}()
	r := <-done
	return r.code, r.err
}

type driver struct{ settle time.Duration }

func (d *driver) Name() string          { return "linux" }
func (d *driver) Settle() time.Duration { return d.settle }
func (d *driver) Retries() int          { return Retries }
func (d *driver) FakeClock() bool       { return false }

// WaitLimit is longer than the longest timer, TIME-WAIT's 60 s
// (TCP_TIMEWAIT_LEN, not settable).
func (d *driver) WaitLimit() time.Duration { return 75 * time.Second }

// New makes a fresh namespace on the locked thread and sets it up: the
// sysctls, the TUN device with its address, and the route to the tester
// with rto_min at its largest and quickack on, so that no retransmission
// and no delayed ACK happens within a test.
func (d *driver) New() (conform.Stack, error) {
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		return nil, fmt.Errorf("unshare(CLONE_NEWNET): %v", err)
	}
	for k, v := range sysctls {
		if err := os.WriteFile("/proc/sys/"+k, []byte(v), 0); err != nil {
			return nil, fmt.Errorf("sysctl %s=%s in the namespace: %v", strings.ReplaceAll(k, "/", "."), v, err)
		}
	}
	fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open /dev/net/tun: %v", err)
	}
	ifr, err := unix.NewIfreq(tunName)
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	ifr.SetUint16(unix.IFF_TUN | unix.IFF_NO_PI)
	if err := unix.IoctlIfreq(fd, unix.TUNSETIFF, ifr); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("TUNSETIFF %s: %v", tunName, err)
	}
	k := &kstack{tun: fd, listener: -1, conn: -1}
	// One ip process for the three commands; started from the locked
	// thread, it runs in the thread's namespace.
	cmd := exec.Command("ip", "-batch", "-")
	cmd.Stdin = strings.NewReader("addr add 10.11.0.1/24 dev " + tunName + "\n" +
		"link set " + tunName + " up\n" +
		"route replace 10.11.0.0/24 dev " + tunName + " src 10.11.0.1 rto_min 60s quickack 1\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		k.Stop()
		return nil, fmt.Errorf("ip -batch (address, link up, route with rto_min and quickack on %s): %v: %s", tunName, err, bytes.TrimSpace(out))
	}
	return k, nil
}

// kstack is the kernel in one namespace: the TUN device, at most one
// listening socket and one connection socket.
type kstack struct {
	tun, listener, conn int
	// keep: the listener stays open after it accepts the connection
	// (tests of a model with --listener-stays, such as --variant linux).
	keep bool
}

// KeepListener keeps the listening socket open after an accept.
func (k *kstack) KeepListener() { k.keep = true }

func sockaddr(a [4]byte, port int) *unix.SockaddrInet4 {
	return &unix.SockaddrInet4{Addr: a, Port: port}
}

func (k *kstack) socket() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("socket: %v", err)
	}
	unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
	if err := unix.Bind(fd, sockaddr(conform.StackAddr, conform.StackPort)); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("bind to port %d: %v", conform.StackPort, err)
	}
	return fd, nil
}

func (k *kstack) Listen() error {
	fd, err := k.socket()
	if err != nil {
		return err
	}
	if err := unix.Listen(fd, 8); err != nil {
		unix.Close(fd)
		return fmt.Errorf("listen: %v", err)
	}
	k.listener = fd
	return nil
}

func (k *kstack) Connect() error {
	if k.conn >= 0 {
		unix.Close(k.conn)
		k.conn = -1
	}
	fd, err := k.socket()
	if err != nil {
		return err
	}
	if err := unix.Connect(fd, sockaddr(conform.TesterAddr, conform.TesterPort)); err != nil && err != unix.EINPROGRESS {
		unix.Close(fd)
		return fmt.Errorf("connect: %v", err)
	}
	k.conn = fd
	return nil
}

func (k *kstack) Close() error {
	st, err := k.State()
	if err != nil {
		return err
	}
	switch {
	case st == model.Listen && k.listener >= 0:
		unix.Close(k.listener)
		k.listener = -1
	case st == model.SynSent && k.conn >= 0:
		unix.Close(k.conn)
		k.conn = -1
	case k.conn >= 0:
		if err := unix.Shutdown(k.conn, unix.SHUT_WR); err != nil {
			return fmt.Errorf("shutdown: %v", err)
		}
	default:
		return errors.New("CLOSE with no socket")
	}
	return nil
}

func (k *kstack) Abort() error {
	st, err := k.State()
	if err != nil {
		return err
	}
	if st == model.Listen && k.listener >= 0 {
		unix.Close(k.listener)
		k.listener = -1
		return nil
	}
	if k.conn < 0 {
		return errors.New("ABORT with no socket")
	}
	unix.SetsockoptLinger(k.conn, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0})
	unix.Close(k.conn)
	k.conn = -1
	return nil
}

func (k *kstack) Inject(pkt []byte) error {
	_, err := unix.Write(k.tun, pkt)
	if err != nil {
		return fmt.Errorf("write to %s: %v", tunName, err)
	}
	return nil
}

func (k *kstack) Read(wait time.Duration) ([]byte, error) {
	buf := make([]byte, 2048)
	deadline := time.Now().Add(wait)
	for {
		n, err := unix.Read(k.tun, buf)
		if err == nil {
			return buf[:n], nil
		}
		if err != unix.EAGAIN {
			return nil, fmt.Errorf("read from %s: %v", tunName, err)
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, nil
		}
		fds := []unix.PollFd{{Fd: int32(k.tun), Events: unix.POLLIN}}
		if _, err := unix.Poll(fds, int(left/time.Millisecond)+1); err != nil && err != unix.EINTR {
			return nil, fmt.Errorf("poll %s: %v", tunName, err)
		}
	}
}

// Kernel TCP states as /proc/net/tcp prints them (include/net/tcp_states.h).
var procStates = map[int]model.TCPState{
	1: model.Established, 2: model.SynSent, 3: model.SynReceived, 4: model.FinWait1,
	5: model.FinWait2, 6: model.TimeWait, 7: model.Closed, 8: model.CloseWait,
	9: model.LastAck, 10: model.Listen, 11: model.Closing, 12: model.SynReceived,
}

// State reads the namespace's /proc/net/tcp (through /proc/thread-self:
// the locked thread's namespace): the socket of the tester's connection if
// there is one, else LISTEN if the listener is open, else CLOSED. A
// connection the listener completed is accepted first and the listener
// closed, as the model's single TCB goes on from LISTEN (kept open with
// KeepListener, as a listener that stays).
func (k *kstack) State() (model.TCPState, error) {
	if k.listener >= 0 {
		if fd, _, err := unix.Accept4(k.listener, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC); err == nil {
			if k.conn >= 0 {
				unix.Close(k.conn)
			}
			k.conn = fd
			if !k.keep {
				unix.Close(k.listener)
				k.listener = -1
			}
		}
	}
	f, err := os.Open("/proc/thread-self/net/tcp")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	listening := false
	for sc.Scan() {
		fl := strings.Fields(sc.Text())
		if len(fl) < 4 || !strings.Contains(fl[1], ":") {
			continue
		}
		lp, rp := port(fl[1]), port(fl[2])
		st, err := strconv.ParseInt(fl[3], 16, 32)
		if err != nil || lp != conform.StackPort {
			continue
		}
		if rp == conform.TesterPort {
			if s, ok := procStates[int(st)]; ok {
				return s, nil
			}
		}
		if st == 10 {
			listening = true
		}
	}
	if listening {
		return model.Listen, nil
	}
	return model.Closed, sc.Err()
}

func port(addr string) int {
	i := strings.IndexByte(addr, ':')
	p, _ := strconv.ParseInt(addr[i+1:], 16, 32)
	return int(p)
}

// UseTimers gives the route a minimum RTO of 500 ms instead of 60 s, so
// that a FIN is sent again and given up on within two seconds. Not the
// kernel's 200 ms: with an RTO near 300 ms (a slow handshake on a loaded
// machine) tcp_retries2's time limit would fall between the second and
// third timer, and the kernel would give up after one or two
// retransmissions by chance.
func (k *kstack) UseTimers() error {
	cmd := exec.Command("ip", "route", "replace", "10.11.0.0/24", "dev", tunName, "src", "10.11.0.1", "rto_min", "500ms", "quickack", "1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("ip route replace (rto_min 500ms) on %s: %v: %s", tunName, err, bytes.TrimSpace(out))
	}
	return nil
}

// Wait waits up to d, at most 100 ms, for the kernel to send something.
// In FIN-WAIT-2 the socket is first closed: the kernel runs its
// FIN-WAIT-2 timer (tcp_fin_timeout) only for an orphaned socket
// (tcp_close).
func (k *kstack) Wait(d time.Duration) (time.Duration, error) {
	if k.conn >= 0 {
		st, err := k.State()
		if err != nil {
			return 0, err
		}
		if st == model.FinWait2 {
			unix.Close(k.conn)
			k.conn = -1
		}
	}
	start := time.Now()
	d = min(d, 100*time.Millisecond)
	fds := []unix.PollFd{{Fd: int32(k.tun), Events: unix.POLLIN}}
	if _, err := unix.Poll(fds, int(d/time.Millisecond)); err != nil && err != unix.EINTR {
		return time.Since(start), fmt.Errorf("poll %s: %v", tunName, err)
	}
	return time.Since(start), nil
}

func (k *kstack) Stop() error {
	for _, fd := range []int{k.conn, k.listener, k.tun} {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
	k.conn, k.listener, k.tun = -1, -1, -1
	return nil
}
