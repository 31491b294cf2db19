//go:build !js

package workshop_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild/questionnaires"
)

// TestPhoneFollowsSectionChange: a phone (the real join page in Chromium)
// that has sat on a section long enough for the old polling to have backed
// off shows the facilitator's next section within 2 s of the move (issue 17),
// twice. Its polls are held by the glue's long-poll while nothing moves
// (worker/glue/fastpoll.mjs), and the new state comes from Go or the glue's
// copy.
func TestPhoneFollowsSectionChange(t *testing.T) {
	needBrowser(t)
	q, err := questionnaires.Get("workshop", 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := api.Create(ctxFor(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	phone := tab(t, "phone", 390, 844)
	do(t, phone, chromedp.Navigate(w.URL+"/join/?code="+s.Code))
	waitFor(t, phone, "the phone's questions", `document.querySelector(".ws-section .snum") !== null && document.querySelector(".ws-section .snum").textContent === "Avsnitt 1 av `+strconv.Itoa(len(q.Sections))+`"`, 60*time.Second)
	// The phone's polls of the room's state that have come back (Resource Timing).
	polls := func() int {
		return eval[int](t, phone, `performance.getEntriesByType("resource").filter((e) => new URL(e.name).pathname === "/api/workshops/`+s.Code+`").length`)
	}
	for i, sec := range []int{1, 2} {
		// Long enough that a phone backing off (3 s, then half as long again
		// each time, up to 20 s) would be waiting over 2 s for its next poll;
		// a phone polling every second would poll 8 times, a held one (the
		// long-poll, held up to 20 s) once at most.
		before := polls()
		time.Sleep(8 * time.Second)
		if n := polls() - before; n > 2 {
			t.Errorf("the phone's polls came back %d times in 8 s of a room that did not move; want ≤ 2 (held by the glue)", n)
		}
		// Sent again after a 503 from wrangler's proxy (a connection to workerd
		// reset under load): setting a section is idempotent. The delay is
		// counted from the move's acknowledgement.
		for try := 0; ; try++ {
			r, err := api.Do(ctxFor(t), "PATCH", "/api/workshops/"+s.Code, s.Token, map[string]any{"section": q.Sections[sec].ID})
			if err == nil && r.Status == 200 {
				break
			}
			if try == 3 || (err == nil && r.Status != 503) {
				t.Fatalf("moving the room: %v %s", err, r)
			}
			time.Sleep(500 * time.Millisecond)
		}
		moved := time.Now()
		want := "Avsnitt " + strconv.Itoa(sec+1) + " av " + strconv.Itoa(len(q.Sections))
		waitFor(t, phone, want, `document.querySelector(".ws-section .snum") !== null && document.querySelector(".ws-section .snum").textContent === "`+want+`"`, 30*time.Second)
		if d := time.Since(moved); d > 2*time.Second {
			t.Errorf("move %d: the phone showed %q %s after the facilitator's move; want ≤ 2 s", i+1, want, d.Round(10*time.Millisecond))
		} else {
			t.Logf("move %d: the phone followed in %s", i+1, d.Round(10*time.Millisecond))
		}
	}
}
