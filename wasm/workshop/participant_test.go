package workshop

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func text(n Notice) string {
	if n.Text == nil {
		return ""
	}
	return n.Text(i18n.For("en"))
}

// TestJoin: which answers a phone sends again after joining.
func TestJoin(t *testing.T) {
	session := api.Session{Code: "ACDEFG", Section: "rutiner", Locked: []string{"locked"}, ETag: `"w-1"`}
	tests := []struct {
		name       string
		kept, have lagesbild.Answers // on the device; at the worker
		resend     []string
		answers    lagesbild.Answers
	}{
		{"new device", nil, nil, nil, lagesbild.Answers{}},
		{"a reload", lagesbild.Answers{"a": "ja"}, lagesbild.Answers{"a": "ja"}, nil, lagesbild.Answers{"a": "ja"}},
		{"answered offline", lagesbild.Answers{"a": "ja", "c": "nej", "b": "x"}, lagesbild.Answers{"a": "ja"}, []string{"b", "c"},
			lagesbild.Answers{"a": "ja", "b": "x", "c": "nej"}},
		{"changed offline", lagesbild.Answers{"a": "nej"}, lagesbild.Answers{"a": "ja"}, []string{"a"}, lagesbild.Answers{"a": "nej"}},
		{"locked since", lagesbild.Answers{"locked": "nej", "a": "ja"}, lagesbild.Answers{"locked": "ja"}, []string{"a"},
			lagesbild.Answers{"locked": "ja", "a": "ja"}},
		{"locked, never sent", lagesbild.Answers{"locked": "nej"}, nil, nil, lagesbild.Answers{}},
		{"the worker knows more", nil, lagesbild.Answers{"a": "ja"}, nil, lagesbild.Answers{"a": "ja"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewParticipant("ACDEFG", tt.kept)
			r := p.Join(201, mustJSON(t, api.Joined{Participant: "p", New: tt.have == nil, Answers: tt.have, Session: session}))
			if r.Step != Proceed || !slices.Equal(r.Resend, tt.resend) {
				t.Errorf("Join = %v, resend %v; want Proceed, %v", r.Step, r.Resend, tt.resend)
			}
			if fmt.Sprint(p.Answers) != fmt.Sprint(tt.answers) || !p.Joined() || p.Session.ETag != `"w-1"` {
				t.Errorf("answers %v, joined %v, session %+v; want %v", p.Answers, p.Joined(), p.Session, tt.answers)
			}
			for _, item := range tt.resend {
				if v, ok := p.Pending(item); !ok || v != tt.answers[item] {
					t.Errorf("Pending(%s) = %q, %v", item, v, ok)
				}
			}
			for item := range tt.have {
				if _, ok := p.Pending(item); ok && !slices.Contains(tt.resend, item) {
					t.Errorf("%s is pending, but the worker has it", item)
				}
			}
		})
	}
	// A session that has ended, and an answer that is not the join's.
	p := NewParticipant("ACDEFG", nil)
	if r := p.Join(200, mustJSON(t, api.Joined{Participant: "p", Session: api.Session{Ended: true}})); r.Step != End || text(r.Notice) != i18n.For("en").WEnded {
		t.Errorf("joining an ended session: %v %q", r.Step, text(r.Notice))
	}
	if r := NewParticipant("ACDEFG", nil).Join(200, []byte(`<html>`)); r.Step != Wait {
		t.Errorf("joining with a garbled answer: %v, want Wait", r.Step)
	}
}

// TestSent: what a phone does with the answer to an answer.
func TestSent(t *testing.T) {
	en := i18n.For("en")
	answered := func(state string) []byte {
		return mustJSON(t, api.Answered{Item: "rutiner.ansvar-arenden", Value: "nej", Outcome: api.Updated, State: state})
	}
	t.Run("saved", func(t *testing.T) {
		p := joined(t)
		p.Choose("rutiner.ansvar-arenden", "nej")
		if v, ok := p.Pending("rutiner.ansvar-arenden"); !ok || v != "nej" {
			t.Fatalf("Pending = %q, %v", v, ok)
		}
		r := p.Sent("rutiner.ansvar-arenden", "nej", 200, answered(`"w-1"`))
		if r.Step != Proceed || r.Poll || text(r.Notice) != en.WSaved || r.Notice.Kind != "sent" {
			t.Errorf("Sent = %+v %q", r, text(r.Notice))
		}
		if _, ok := p.Pending("rutiner.ansvar-arenden"); ok {
			t.Error("still pending after the worker took it")
		}
	})
	t.Run("changed meanwhile", func(t *testing.T) {
		p := joined(t)
		p.Choose("rutiner.ansvar-arenden", "nej")
		p.Choose("rutiner.ansvar-arenden", "delvis") // while "nej" was on its way
		r := p.Sent("rutiner.ansvar-arenden", "nej", 200, answered(`"w-1"`))
		if v, ok := p.Pending("rutiner.ansvar-arenden"); r.Step != Proceed || r.Notice.Text != nil || !ok || v != "delvis" {
			t.Errorf("Sent = %+v, pending %q %v: want the new value sent next, nothing said yet", r, v, ok)
		}
	})
	t.Run("another state", func(t *testing.T) {
		p := joined(t)
		p.Choose("rutiner.ansvar-arenden", "nej")
		if r := p.Sent("rutiner.ansvar-arenden", "nej", 200, answered(`"w-2"`)); !r.Poll {
			t.Error("an answer naming another state does not make the phone poll")
		}
	})
	t.Run("locked", func(t *testing.T) {
		p := joined(t)
		p.Choose("rutiner.ansvar-arenden", "nej")
		r := p.Sent("rutiner.ansvar-arenden", "nej", 409, errorBody(t, lagesbild.EItemLocked, "anything"))
		if r.Step != Undo || !r.Redraw || text(r.Notice) != en.WLockedRefused || r.Notice.Kind != "problem" {
			t.Errorf("Sent = %+v %q", r, text(r.Notice))
		}
		if p.Answers["rutiner.ansvar-arenden"] != "ja" || !p.Session.IsLocked("rutiner.ansvar-arenden") {
			t.Errorf("after the refusal: answer %q, locked %v; want the worker's ja, locked", p.Answers["rutiner.ansvar-arenden"], p.Session.Locked)
		}
	})
	t.Run("refused, never answered before", func(t *testing.T) {
		p := joined(t)
		p.Choose("rutiner.handlingsplan", "x")
		r := p.Sent("rutiner.handlingsplan", "x", 400, errorBody(t, lagesbild.EInvalid, "value: no option x"))
		if _, ok := p.Answers["rutiner.handlingsplan"]; ok || r.Step != Undo || text(r.Notice) != en.ErrCode[lagesbild.EInvalid] {
			t.Errorf("Sent = %+v %q, answers %v", r, text(r.Notice), p.Answers)
		}
	})
	t.Run("ended", func(t *testing.T) {
		p := joined(t)
		if r := p.Sent("rutiner.ansvar-arenden", "nej", 409, errorBody(t, lagesbild.ESessionEnded, "")); r.Step != End || !p.Session.Ended {
			t.Errorf("Sent = %+v", r)
		}
	})
	for _, tt := range []struct {
		status int
		body   []byte
		says   string
	}{
		{0, nil, en.WRetrying},
		{503, []byte("<html>"), en.WRetrying},
		{429, errorBody(t, lagesbild.ERateLimited, ""), en.WBusy},
		{500, errorBody(t, lagesbild.EInternal, "internal error"), en.WRetrying},
	} {
		p := joined(t)
		p.Choose("rutiner.ansvar-arenden", "nej")
		r := p.Sent("rutiner.ansvar-arenden", "nej", tt.status, tt.body)
		if v, ok := p.Pending("rutiner.ansvar-arenden"); r.Step != Wait || text(r.Notice) != tt.says || !ok || v != "nej" {
			t.Errorf("Sent with %d = %+v %q, pending %q %v: want Wait, %q, still pending", tt.status, r, text(r.Notice), v, ok, tt.says)
		}
	}
}

// TestPolled: what a phone does with the room's state.
func TestPolled(t *testing.T) {
	state := func(section string, locked []string, ended bool, etag string) []byte {
		return mustJSON(t, api.Session{Code: "ACDEFG", Questionnaire: "workshop", Version: 1, Section: section, Locked: locked, Ended: ended, ETag: etag})
	}
	p := joined(t)
	steps := []struct {
		name   string
		status int
		body   []byte
		want   PollResult
		locked bool // rutiner.ansvar-arenden afterwards
	}{
		{"unchanged", 304, nil, PollResult{Step: Proceed}, false},
		{"offline", 0, nil, PollResult{Step: Proceed}, false},
		{"busy", 429, errorBody(t, lagesbild.ERateLimited, ""), PollResult{Step: Proceed}, false},
		{"a lock", 200, state("rutiner", []string{"rutiner.ansvar-arenden"}, false, `"w-2"`), PollResult{Step: Proceed, Changed: true}, true},
		{"moved on", 200, state("kunskap", []string{"rutiner.ansvar-arenden"}, false, `"w-3"`), PollResult{Step: Proceed, Changed: true, Moved: true}, true},
		{"ended", 200, state("kunskap", nil, true, `"w-4"`), PollResult{Step: End, Changed: true}, false},
	}
	for _, s := range steps {
		got := p.Polled(s.status, s.body)
		if got.Step != s.want.Step || got.Changed != s.want.Changed || got.Moved != s.want.Moved || p.Session.IsLocked("rutiner.ansvar-arenden") != s.locked {
			t.Errorf("%s: Polled = %+v, locked %v; want %+v, %v", s.name, got, p.Session.Locked, s.want, s.locked)
		}
	}
	if got := joined(t).Polled(404, errorBody(t, lagesbild.ESessionExpired, "")); got.Step != Halt || text(got.Notice) != i18n.For("en").WExpired {
		t.Errorf("an expired session: %+v %q", got, text(got.Notice))
	}
	// Locks of the section, for setting them in place.
	p = joined(t)
	p.Polled(200, state("rutiner", []string{"rutiner.ansvar-arenden"}, false, `"w-2"`))
	if got := fmt.Sprint(p.Locks()); got != "[{rutiner.handlingsplan false} {rutiner.ansvar-arenden true}]" {
		t.Errorf("Locks = %s", got)
	}
	if p.AllAnswered() {
		t.Error("AllAnswered with rutiner.handlingsplan open and unanswered")
	}
	p.Choose("rutiner.handlingsplan", "beslutat")
	if !p.AllAnswered() {
		t.Error("not AllAnswered with the open item answered and the other locked")
	}
}

func TestPoll(t *testing.T) {
	// A poll that backs off: half as long again after each unchanged answer, up to Idle.
	p := Poll{Every: 3 * time.Second, Idle: 20 * time.Second, Hidden: 30 * time.Second}
	var got []time.Duration
	p.Changed()
	got = append(got, p.Wait(false))
	for range 7 {
		p.Unchanged()
		got = append(got, p.Wait(false))
	}
	want := []time.Duration{3 * time.Second, 4500 * time.Millisecond, 6750 * time.Millisecond, 10125 * time.Millisecond,
		15187500 * time.Microsecond, 20 * time.Second, 20 * time.Second, 20 * time.Second}
	if !slices.Equal(got, want) {
		t.Errorf("waits %v, want %v", got, want)
	}
	if p.Wait(true) != 30*time.Second {
		t.Errorf("hidden: %v", p.Wait(true))
	}
	p.Changed()
	if p.Wait(false) != 3*time.Second {
		t.Errorf("after a change: %v", p.Wait(false))
	}
	// A phone that is shown polls every second however long nothing changes
	// (a section change within 2 s), and rarely while hidden.
	ph := ParticipantPoll
	ph.Changed()
	for i := range 30 {
		if got := ph.Wait(false); got != time.Second {
			t.Fatalf("phone, after %d unchanged polls: waits %v, want 1s", i, got)
		}
		ph.Unchanged()
	}
	if ph.Wait(true) != 30*time.Second {
		t.Errorf("phone hidden: %v", ph.Wait(true))
	}
	l := LeadPoll
	l.Unchanged()
	if l.Wait(false) != time.Second || l.Wait(true) != time.Second {
		t.Errorf("the facilitator polls every %v", l.Wait(false))
	}
	var zero Poll
	if zero.Wait(false) != 0 {
		t.Error("zero poll")
	}
}
