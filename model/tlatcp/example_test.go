package tlatcp_test

import (
	"context"
	"fmt"

	"github.com/tcpcheck/tcpcheck/explore"
	"github.com/tcpcheck/tcpcheck/model/tlatcp"
)

// What `tcpcheck explore --model tla-examples` does: MCtcp.cfg's checks,
// Prop under Spec's fairness, and TLC's closing lines.
func Example() {
	m := tlatcp.New(tlatcp.Config{})
	r, err := explore.Run[tlatcp.State, tlatcp.Action](context.Background(), m, tlatcp.Options())
	if err != nil {
		panic(err)
	}
	fmt.Println("TypeOK, Inv, deadlock:", r.Verdict)
	v, err := tlatcp.CheckProp(r, tlatcp.PropOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println("Prop holds:", v == nil)
	fmt.Print(tlatcp.FiguresOf(r).TLCLines())
	// Output:
	// TypeOK, Inv, deadlock: holds
	// Prop holds: true
	// 6322 states generated, 1182 distinct states found, 0 states left on queue.
	// The depth of the complete state graph search is 14.
}
