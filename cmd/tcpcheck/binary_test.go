package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinary builds tcpcheck and checks what only a real process shows:
// the exit status the shell sees, and Ctrl-C (SIGINT) stopping a search
// cleanly with what was found so far.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "tcpcheck")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// A guard against a hang, not a timing assertion.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"version"}, exitOK},
		{[]string{"explore", "--workers", "-3"}, exitUsage},
		{[]string{"explore", "-q", "--variant", "two-way-handshake", "--props", "P1"}, exitViolated},
		{[]string{"explore", "-q", "--props", "P5", "--max-states", "100"}, exitIncomplete},
	} {
		err := exec.CommandContext(ctx, bin, tt.args...).Run()
		if got := exitStatus(t, err); got != tt.code {
			t.Errorf("tcpcheck %v: exit status %d, want %d", tt.args, got, tt.code)
		}
	}

	// A search of millions of states, interrupted once it reports
	// progress.
	cmd := exec.CommandContext(ctx, bin, "explore", "--variant", "big", "--props", "P5")
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var rest strings.Builder
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "progress: ") {
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	for sc.Scan() {
		rest.WriteString(sc.Text() + "\n")
	}
	err = cmd.Wait()
	if got := exitStatus(t, err); got != exitIncomplete {
		t.Errorf("after SIGINT: exit status %d, want %d; stderr:\n%s", got, exitIncomplete, rest.String())
	}
	out := stdout.String()
	for _, w := range []string{"searched", "stopped early: cancelled", "verdict: incomplete"} {
		if !strings.Contains(out, w) {
			t.Errorf("after SIGINT the report lacks %q:\n%s", w, out)
		}
	}
	if !strings.Contains(rest.String(), "interrupted") {
		t.Errorf("stderr does not say interrupted: %q", rest.String())
	}
}

func exitStatus(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("not an exit status: %v", err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("killed by %v instead of exiting", ws.Signal())
	}
	return ee.ExitCode()
}
