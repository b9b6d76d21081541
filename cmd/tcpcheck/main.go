// Command tcpcheck explores a formal model of TCP connection management
// (RFC 9293) exhaustively and reports which properties hold.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
