package capture

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

var dumpFile = flag.String("dump", "", "print the segments of this capture")

func TestDump(t *testing.T) {
	if *dumpFile == "" {
		t.Skip("no -dump")
	}
	f, err := os.Open(*dumpFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(c.Format, c.Packets, c.Notes, c.Checksum)
	for _, cn := range c.Conns {
		fmt.Println(cn)
		m, err := Map(cn, MapConfig{Space: 1024, ISS: [2]int{100, 300}, Stride: 100, MaxIncarnations: 3})
		for i, s := range cn.Segments {
			ms := ""
			if err == nil {
				for _, o := range m.Obs {
					if o.Index == i {
						ms = o.Seg.Src.String() + o.Seg.String()
					}
				}
			}
			fmt.Printf("%3d B=%v %-12s seq=%d ack=%d len=%d win=%d opts=%x bad=%v   %s\n", s.N, s.FromB, FlagString(s.Flags), s.Seq, s.Ack, s.Len, s.Win, s.Opts, s.BadSum, ms)
		}
		if err != nil {
			fmt.Println(err)
		} else {
			fmt.Println(m.Notes)
		}
	}
}
