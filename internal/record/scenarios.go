//go:build linux

package record

import (
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// Port is the server's port in every scenario.
const Port = 8080

// pause lets the peer's kernel answer before the next call, so that each
// segment goes out on its own (no ACK waits to ride on a FIN).
const pause = 200 * time.Millisecond

// Scenarios are the recorded connections of capture/testdata, by name.
var Scenarios = map[string]Scenario{
	// The client sends a request, the server answers, the client closes
	// first (active close, TIME-WAIT at the client), then the server.
	"client-close": func(env *Env) error { return exchange(env, true) },
	// The server closes first after answering.
	"server-close": func(env *Env) error { return exchange(env, false) },
	// The client closes; the server closes as soon as it reads the end
	// of the stream, with no pause: its kernel may fold the ACK of the
	// client's FIN into its own FIN.
	"close-on-eof": func(env *Env) error {
		ln, c, s, err := connect(env)
		if err != nil {
			return err
		}
		defer ln.Close()
		done := make(chan error, 1)
		go func() {
			_, err := io.Copy(io.Discard, s)
			s.Close()
			done <- err
		}()
		time.Sleep(pause)
		c.Close()
		err = <-done
		time.Sleep(pause)
		return err
	},
	// Nobody listens: the SYN is answered with a reset.
	"refused": func(env *Env) error {
		c, err := env.Dial(Port)
		if err == nil {
			c.Close()
			return errors.New("refused: the connection opened")
		}
		return nil
	},
	// The client aborts (SO_LINGER 0): Linux sends RST,ACK.
	"abort": func(env *Env) error {
		ln, c, s, err := connect(env)
		if err != nil {
			return err
		}
		defer ln.Close()
		defer s.Close()
		time.Sleep(pause)
		c.SetLinger(0)
		c.Close()
		time.Sleep(pause)
		return nil
	},
}

func exchange(env *Env, clientFirst bool) error {
	ln, c, s, err := connect(env)
	if err != nil {
		return err
	}
	defer ln.Close()
	for _, x := range []*net.TCPConn{c, s} {
		x.SetNoDelay(true)
	}
	if err := roundTrip(c, s, "hello"); err != nil {
		return err
	}
	if err := roundTrip(s, c, "world"); err != nil {
		return err
	}
	first, second := c, s
	if !clientFirst {
		first, second = s, c
	}
	first.Close()
	time.Sleep(pause)
	if n, err := second.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		return fmt.Errorf("expected EOF, got %d bytes, %v", n, err)
	}
	second.Close()
	time.Sleep(pause)
	return nil
}

// roundTrip writes msg on from and reads it on to, then pauses so that
// the receiver's ACK goes out alone.
func roundTrip(from, to *net.TCPConn, msg string) error {
	if _, err := from.Write([]byte(msg)); err != nil {
		return err
	}
	b := make([]byte, len(msg))
	if _, err := io.ReadFull(to, b); err != nil {
		return err
	}
	time.Sleep(pause)
	return nil
}

// connect opens a listener on Port, dials it and accepts the connection; the
// caller closes the listener.
func connect(env *Env) (*net.TCPListener, *net.TCPConn, *net.TCPConn, error) {
	ln, err := env.Listen(Port)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := env.Dial(Port)
	if err != nil {
		ln.Close()
		return nil, nil, nil, err
	}
	s, err := ln.AcceptTCP()
	if err != nil {
		ln.Close()
		return nil, nil, nil, err
	}
	return ln, c, s, nil
}
