//go:build linux

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestConformHelperProcess is not a test: run by the tests below as a
// child process (under setpriv, in a mount namespace, or to be
// interrupted), it runs the CLI with the arguments in
// TCPCHECK_CONFORM_ARGS and exits with its code.
func TestConformHelperProcess(t *testing.T) {
	args := os.Getenv("TCPCHECK_CONFORM_ARGS")
	if args == "" {
		return
	}
	os.Exit(run(strings.Fields(args), strings.NewReader(""), os.Stdout, os.Stderr))
}

// helper is a command that runs the CLI with args in a child process,
// prefixed by wrap (e.g. setpriv ...). The test binary is copied where
// any user can run it.
func helper(t *testing.T, args string, wrap ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	copyExe := filepath.Join(dir, "tcpcheck.test")
	src, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(copyExe, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	argv := append(append([]string(nil), wrap...), copyExe, "-test.run=^TestConformHelperProcess$")
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "TCPCHECK_CONFORM_ARGS="+args)
	cmd.Dir = dir
	return cmd
}

func needRootTUN(t *testing.T, tools ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		t.Skip("needs /dev/net/tun")
	}
	for _, tool := range append(tools, "ip") {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s", tool)
		}
	}
}

// leftovers fails the test if the run left the TUN device or a named
// network namespace outside.
func leftovers(t *testing.T, netnsBefore string) {
	t.Helper()
	if _, err := os.Stat("/sys/class/net/tcpc0"); err == nil {
		t.Error("tcpc0 exists outside the run's namespaces")
	}
	if after := netnsList(t); after != netnsBefore {
		t.Errorf("ip netns list changed: %q, was %q", after, netnsBefore)
	}
}

func netnsList(t *testing.T) string {
	out, err := exec.Command("ip", "netns", "list").Output()
	if err != nil {
		t.Fatalf("ip netns list: %v", err)
	}
	return string(out)
}

// TestConformLinuxBadInput: without privileges or without a TUN device,
// --stack linux says what is missing and exits 2, leaving nothing behind.
// A non-root user is simulated with setpriv, a root without capabilities
// with setpriv's empty bounding set, a missing /dev/net/tun with an empty
// /dev/net in a private mount namespace; a variant whose rules cannot be
// observed is refused after the first namespace was made.
func TestConformLinuxBadInput(t *testing.T) {
	needRootTUN(t, "setpriv", "unshare")
	before := netnsList(t)
	for _, tc := range []struct {
		name string
		args string
		wrap []string
		want string
	}{
		{"not root", "", []string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"}, "needs root"},
		{"no capabilities", "", []string{"setpriv", "--inh-caps=-all", "--bounding-set=-all"}, "unshare(CLONE_NEWNET)"},
		{"no TUN device", "", []string{"unshare", "--mount", "sh", "-c", `mount -t tmpfs none /dev/net && exec "$0" "$@"`}, "no TUN device at /dev/net/tun"},
		{"undrivable variant", " --variant fixed-isn", nil, "variant fixed-isn cannot be driven"},
	} {
		cmd := helper(t, "conform --stack linux --depth 1"+tc.args, tc.wrap...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := cmd.ProcessState.ExitCode()
		if code != 2 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%s: exit %d (%v), want 2 with %q\nstdout: %s\nstderr: %s", tc.name, code, err, tc.want, out.String(), errb.String())
		}
	}
	leftovers(t, before)
}

// TestConformLinuxInterrupt: Ctrl-C (SIGINT) during a timer test's wait
// stops the run at once with exit 3 and leaves nothing behind.
func TestConformLinuxInterrupt(t *testing.T) {
	needRootTUN(t)
	before := netnsList(t)
	cmd := helper(t, "conform --stack linux --slow --depth 1 --walks 0 --scenarios=false")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The run's first tests take well under a second; the timer test
	// then waits 7 s for the kernel to give up on its SYN.
	time.Sleep(2 * time.Second)
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 20 s after SIGINT")
	}
	if code := cmd.ProcessState.ExitCode(); code != 3 || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("exit %d, want 3 with \"interrupted\"\nstdout: %s\nstderr: %s", code, out.String(), errb.String())
	}
	leftovers(t, before)
}
