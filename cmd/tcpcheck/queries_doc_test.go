package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestQueriesDoc runs every command of docs/QUERIES.md and checks the
// exit code and the trace length its comment states ("# exit 0, 11 steps").
func TestQueriesDoc(t *testing.T) {
	f, err := os.Open("../../docs/QUERIES.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	claim := regexp.MustCompile(`#\s*exit (\d)(?:, (\d+) steps?)?\s*$`)
	inSh, n := false, 0
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		switch {
		case strings.HasPrefix(text, "```"):
			inSh = text == "```sh"
			continue
		case !inSh || !strings.HasPrefix(text, "tcpcheck "):
			continue
		}
		m := claim.FindStringSubmatch(text)
		if m == nil {
			t.Errorf("QUERIES.md:%d: %q has no '# exit N' comment", line, text)
			continue
		}
		args, err := shellWords(strings.TrimSpace(text[len("tcpcheck "):strings.LastIndex(text, "#")]))
		if err != nil {
			t.Errorf("QUERIES.md:%d: %v", line, err)
			continue
		}
		for i, a := range args {
			if a == "DIR" {
				args[i] = filepath.Join(t.TempDir(), "out")
			}
		}
		n++
		code, out, errs := runCLI(t, append(args, "-q")...)
		if want, _ := strconv.Atoi(m[1]); code != want {
			t.Errorf("QUERIES.md:%d: %s: exit %d, the text says %d\n%s%s", line, text, code, want, out, errs)
			continue
		}
		if m[2] != "" {
			row := regexp.MustCompile(`(?m)^[RI]1\s+\w+\s+\w+\s+(\d+)\s`).FindStringSubmatch(out)
			if row == nil || row[1] != m[2] {
				t.Errorf("QUERIES.md:%d: %s: the trace has %v steps, the text says %s\n%s", line, text, row, m[2], out)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d commands found in docs/QUERIES.md", n)
	}
}

// shellWords splits a command line as sh would, for the quoting the docs
// use: single and double quotes, no escapes.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == ' ':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		return nil, strconv.ErrSyntax
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}
