package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func capturePath(name string) string {
	return filepath.Join("..", "..", "capture", "testdata", name+".pcap")
}

func TestCheckCommand(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  []string // in stdout
		err  string   // in stderr
	}{
		{[]string{capturePath("client-close")}, exitOK, []string{"conforms: explained by rfc9293", "before packet 1: B passive OPEN", "verdict: conforms"}, ""},
		{[]string{capturePath("server-close"), "--at", "A"}, exitOK, []string{"captured at A", "verdict: conforms"}, ""},
		{[]string{capturePath("bad-second-fin")}, exitViolated, []string{"does not conform: packet 10, A <SEQ=102><ACK=301><CTL=FIN,ACK>", "the model allowed instead", "no run explains it"}, ""},
		{[]string{capturePath("abort"), "--variant", "auto"}, exitOK, []string{"rfc9293 fails at packet 4", "rfc1337 fails at packet 4", "explained by linux, bsd"}, ""},
		{[]string{capturePath("close-on-eof")}, exitViolated, []string{"does not conform: packet 5", "likely: B folded the ACK of the peer's FIN (<SEQ=301><ACK=102><CTL=ACK>) into its own FIN"}, ""},
		{[]string{capturePath("refused"), "--variant", "auto"}, exitOK, []string{"explained by rfc9293, rfc1337"}, ""},
		{[]string{capturePath("client-close"), "--conn", "127.0.0.1:8080-127.0.0.1:40000"}, exitOK, []string{"1 TCP connection checked"}, ""},
		{[]string{capturePath("client-close"), "--conn", "10.0.0.1:1-10.0.0.2:2"}, exitUsage, nil, "is not in"},
		{[]string{capturePath("client-close"), "--conn", "nonsense"}, exitUsage, nil, "ADDR:PORT-ADDR:PORT"},
		{[]string{capturePath("client-close"), "--at", "C"}, exitUsage, nil, "want one of wire, A, B"},
		{[]string{capturePath("client-close"), "--variant", "nope"}, exitUsage, nil, "is unknown"},
		{[]string{"check_test.go"}, exitUsage, nil, "not a pcap or pcapng capture"},
		{[]string{"no-such-file.pcap"}, exitUsage, nil, "no-such-file.pcap"},
		{[]string{}, exitUsage, nil, "no capture given"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, errs := runCLI(t, append([]string{"check"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errs)
			}
			for _, w := range tc.out {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if !strings.Contains(errs, tc.err) {
				t.Errorf("stderr lacks %q:\n%s", tc.err, errs)
			}
		})
	}
}

func TestCheckStdinJSON(t *testing.T) {
	b, err := os.ReadFile(capturePath("bad-synack-ack"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	e := &env{stdin: bytes.NewReader(b), stdout: &out, stderr: &errb}
	code := dispatch(context.Background(), e, []string{"check", "--format", "json", "-"})
	if code != exitViolated {
		t.Fatalf("exit %d, want 1; stderr %s", code, errb.String())
	}
	var doc struct {
		Schema      string `json:"schema"`
		File        string `json:"file"`
		Verdict     string `json:"verdict"`
		ExitCode    int    `json:"exit_code"`
		Connections []struct {
			Conn    string `json:"conn"`
			Verdict string `json:"verdict"`
			Failure *struct {
				Packet  int      `json:"packet"`
				Segment string   `json:"segment"`
				Allowed []string `json:"allowed"`
			} `json:"failure"`
			Variants []struct {
				Variant    string `json:"variant"`
				Conforms   bool   `json:"conforms"`
				FailPacket int    `json:"fail_packet"`
			} `json:"variants"`
		} `json:"connections"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if doc.Schema != "tcpcheck/check/v1" || doc.File != "stdin" || doc.Verdict != "does-not-conform" || doc.ExitCode != 1 {
		t.Errorf("header %+v", doc)
	}
	if len(doc.Connections) != 1 || doc.Connections[0].Failure == nil || doc.Connections[0].Failure.Packet != 2 ||
		len(doc.Connections[0].Failure.Allowed) == 0 || doc.Connections[0].Variants[0].FailPacket != 2 {
		t.Errorf("connections %+v", doc.Connections)
	}
}

func TestCheckOut(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, "check", capturePath("bad-rst"), "--out", dir)
	if code != exitViolated {
		t.Fatalf("exit %d; %s %s", code, out, errs)
	}
	for _, f := range []string{"conn1-ladder.dot", "conn1-ladder.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

// The README's transcript of tcpcheck check is what the command prints
// (its abridged lines left out).
func TestCheckReadmeTranscript(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const start = "$ tcpcheck check capture/testdata/client-close.pcap"
	i := bytes.Index(b, []byte(start))
	if i < 0 {
		t.Fatal("README has no transcript of tcpcheck check")
	}
	block := string(b[i:])
	block = block[:strings.Index(block, "```")]
	lines := strings.Split(strings.TrimSpace(block), "\n")[1:]
	code, out, _ := runCLI(t, "check", filepath.Join("..", "..", "capture", "testdata", "client-close.pcap"))
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	out = strings.ReplaceAll(out, filepath.Join("..", "..", "capture"), "capture")
	for _, l := range lines {
		if !strings.Contains(out, l) {
			t.Errorf("README line %q is not in the output:\n%s", l, out)
		}
	}
}
