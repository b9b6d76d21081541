package scenario_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/tcpcheck/tcpcheck/scenario"
)

func ExampleReplay() {
	t, err := scenario.Load("S11")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := scenario.Replay(t)
	if err != nil {
		fmt.Println(err)
		return
	}
	r.WriteText(os.Stdout)
	// Output:
	// S11: connection refused — a SYN to a CLOSED endpoint is reset
	//   1 ok    A open active                        A active OPEN in CLOSED -> SYN-SENT, snd <SEQ=100><CTL=SYN> (§3.10.1)
	//   2 ok    B rcv <SEQ=100><CTL=SYN>             B rcv <SEQ=100><CTL=SYN> in CLOSED -> CLOSED, snd <SEQ=0><ACK=101><CTL=RST,ACK> (§3.10.7.1)
	//   3 ok    A rcv <SEQ=0><ACK=101><CTL=RST,ACK>  A rcv <SEQ=0><ACK=101><CTL=RST,ACK> in SYN-SENT -> CLOSED (§3.10.7.3)
	//     ok    expect                               holds: A CLOSED, B CLOSED, net empty
	// S11: 3 steps are a behaviour of the model; 1 expect line holds
}

func ExampleParse() {
	_, err := scenario.Parse("mine.trace", strings.NewReader("B open passive\nA rcv <SEQ=1><CTL=SYN,PSH>\n"))
	fmt.Println(err)
	// Output:
	// mine.trace:2:14: unknown control bit "PSH": want SYN, ACK, FIN or RST, separated by commas
}
