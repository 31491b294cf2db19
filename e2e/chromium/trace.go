//go:build !js

package chromium

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// tracer follows the DevTools protocol between the tests and Chromium (the
// browser's debug log, WithDebugf): the commands still waiting for their
// answer, and the last messages. When a step does not finish, it says what
// the step waits for: a command Chromium has not answered (Input.dispatch…,
// Runtime.evaluate, …), or nothing, when chromedp is polling a query that
// never matches (a node that never becomes visible).
type tracer struct {
	mu      sync.Mutex
	pending map[int64]sent
	last    [400]string // a ring of the last messages, shortened
	n       int
}

type sent struct {
	method, session, params string
	at                      time.Time
}

var trace = &tracer{pending: map[int64]sent{}}

func (tr *tracer) debugf(format string, args ...any) {
	// chromedp logs each message whole, debugf("-> %s", b): screenshots and
	// evaluations answer with megabytes, so only the message's head is
	// copied and read, never all of it for every message of every test.
	var s string
	if b, ok := onlyBytes(args); ok && strings.HasSuffix(format, " %s") {
		s = format[:len(format)-2] + string(b[:min(len(b), 4096)])
	} else {
		s = fmt.Sprintf(format, args...)
	}
	if len(s) < 4 {
		return
	}
	dir, body := s[:2], s[3:min(len(s), 3+4096)]
	head := body[:min(len(body), 512)]
	id, _ := strconv.ParseInt(field(head, `"id":`, ",}"), 10, 64)
	method, session := field(head, `"method":"`, `"`), field(head, `"sessionId":"`, `"`)
	params := ""
	if i := strings.Index(body, `"params":`); i >= 0 {
		params = short(body[i+len(`"params":`):], 160)
	}
	now := time.Now()
	tr.mu.Lock()
	defer tr.mu.Unlock()
	switch {
	case dir == "->" && id != 0:
		tr.pending[id] = sent{method, session, params, now}
	case dir == "<-" && id != 0:
		delete(tr.pending, id)
	}
	tr.last[tr.n%len(tr.last)] = now.Format("15:04:05.000 ") + dir + " " + short(body, 200)
	tr.n++
}

// onlyBytes is args' one argument, when it is a []byte.
func onlyBytes(args []any) ([]byte, bool) {
	if len(args) != 1 {
		return nil, false
	}
	b, ok := args[0].([]byte)
	return b, ok
}

// field is the text after key in s, up to the first of the bytes in end.
func field(s, key, end string) string {
	i := strings.Index(s, key)
	if i < 0 {
		return ""
	}
	s = s[i+len(key):]
	if j := strings.IndexAny(s, end); j >= 0 {
		return s[:j]
	}
	return ""
}

func short(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// report describes the session's commands unanswered for longer than d,
// and its last messages.
func (tr *tracer) report(session string, d time.Duration) string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var b strings.Builder
	var ids []int64
	for id, c := range tr.pending {
		if (c.session == session || c.session == "") && time.Since(c.at) > d {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		c := tr.pending[id]
		fmt.Fprintf(&b, "  unanswered for %s: %s %s (session %q)\n", time.Since(c.at).Round(time.Millisecond), c.method, c.params, c.session)
	}
	if len(ids) == 0 {
		fmt.Fprintf(&b, "  no command unanswered for %s: chromedp is polling (a query waiting for its node or its visibility)\n", d)
	}
	var lines []string
	for i := tr.n - 1; i >= 0 && i >= tr.n-len(tr.last) && len(lines) < 12; i-- {
		if l := tr.last[i%len(tr.last)]; strings.Contains(l, session) {
			lines = append(lines, "  "+l)
		}
	}
	b.WriteString("  the session's last messages:\n")
	for i := len(lines) - 1; i >= 0; i-- {
		b.WriteString(lines[i] + "\n")
	}
	return b.String()
}
