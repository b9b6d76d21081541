package gvisor

import (
	"sync"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/faketime"
)

// clock is gVisor's manual clock that also knows when its next timer is
// due, so that a wait can advance it to exactly that moment: the stack's
// timers then fire one at a time, in no real time.
type clock struct {
	*faketime.ManualClock
	mu  sync.Mutex
	due map[*timer]time.Time
}

func newClock() *clock {
	return &clock{ManualClock: faketime.NewManualClock(), due: map[*timer]time.Time{}}
}

type timer struct {
	c *clock
	t tcpip.Timer
}

// AfterFunc implements tcpip.Clock.AfterFunc.
func (c *clock) AfterFunc(d time.Duration, f func()) tcpip.Timer {
	tm := &timer{c: c}
	c.mu.Lock()
	defer c.mu.Unlock()
	tm.t = c.ManualClock.AfterFunc(d, func() {
		c.fired(tm)
		f()
	})
	if d > 0 {
		c.due[tm] = c.Now().Add(d)
	}
	return tm
}

func (c *clock) fired(tm *timer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.due[tm]; ok && !t.After(c.Now()) {
		delete(c.due, tm)
	}
}

// next is when the earliest pending timer is due.
func (c *clock) next() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.Now()
	var first time.Time
	for _, t := range c.due {
		if t.After(now) && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	return first, !first.IsZero()
}

// Stop implements tcpip.Timer.Stop.
func (tm *timer) Stop() bool {
	tm.c.mu.Lock()
	delete(tm.c.due, tm)
	tm.c.mu.Unlock()
	return tm.t.Stop()
}

// Reset implements tcpip.Timer.Reset.
func (tm *timer) Reset(d time.Duration) {
	tm.c.mu.Lock()
	defer tm.c.mu.Unlock()
	if d > 0 {
		tm.c.due[tm] = tm.c.Now().Add(d)
	} else {
		delete(tm.c.due, tm)
	}
	tm.t.Reset(d)
}
