package tracecheck

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/tcpcheck/tcpcheck/capture"
)

var dbgFile = flag.String("dbg", "", "check this capture and print")

func TestDbg(t *testing.T) {
	if *dbgFile == "" {
		t.Skip()
	}
	f, _ := os.Open(*dbgFile)
	cf, err := capture.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cf.Conns {
		for _, at := range []At{Wire, AtA, AtB} {
			v, err := CheckConn(c, "rfc9293", Options{At: at})
			if err != nil {
				t.Fatal(err)
			}
			fmt.Printf("at %v conforms=%v failAt=%d bound=%v expanded=%d peak=%d allowed=%v\n", at, v.Conforms, v.FailAt, v.Bound, v.Expanded, v.Peak, v.Allowed)
			for _, s := range v.Run {
				fmt.Printf("   obs %d data=%v pend=%v %v %v\n", s.Obs, s.Data, s.Pending, s.Act, s.After)
			}
		}
	}
}
