//go:build !js

package workshop_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"lagesbild"
	wire "lagesbild/api"
	"lagesbild/e2e/workerd"
	"lagesbild/e2e/workshop"
)

func ctxFor(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// session makes a session and returns it with its device maker.
func session(t *testing.T, body any) (wire.Workshop, func(n int) string) {
	t.Helper()
	c, err := api.Create(ctxFor(t), body)
	if err != nil {
		t.Fatal(err)
	}
	return c, func(n int) string { return workshop.Device(t.Name(), n) }
}

func must(t *testing.T, r workshop.Reply, err error, status int) workshop.Reply {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != status {
		t.Fatalf("got %s, want %d", r, status)
	}
	return r
}

func wall(t *testing.T, code string) wire.Wall {
	t.Helper()
	v, _, err := api.Wall(ctxFor(t), code, "")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func change(t *testing.T, c wire.Workshop, body any) wire.Session {
	t.Helper()
	v, err := api.Change(ctxFor(t), c.Code, c.Token, body)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestJoinTwice: one device joining twice counts once and gets its answers back.
func TestJoinTwice(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	c, dev := session(t, nil)
	r, err := api.Join(ctx, c.Code, dev(1))
	must(t, r, err, 201)
	r, err = api.Answer(ctx, c.Code, dev(1), "rutiner.ansvar-arenden", "delvis")
	must(t, r, err, 201)
	r, err = api.Join(ctx, c.Code, dev(1))
	var again wire.Joined
	if err := must(t, r, err, 200).Decode(&again); err != nil {
		t.Fatal(err)
	}
	if again.New || again.Answers["rutiner.ansvar-arenden"] != "delvis" {
		t.Errorf("joining again = %+v, want not new with the answer kept", again)
	}
	if v := wall(t, c.Code); v.Wall.Participants != 1 {
		t.Errorf("participants = %d, want 1", v.Wall.Participants)
	}
}

// TestAnswerCountedOnce: answering, changing and repeating an answer leaves
// one answer per device, with the last value.
func TestAnswerCountedOnce(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	c, dev := session(t, nil)
	for n := 1; n <= 4; n++ {
		r, err := api.Join(ctx, c.Code, dev(n))
		must(t, r, err, 201)
	}
	steps := []struct {
		n      int
		value  string
		status int
	}{{1, "ja", 201}, {1, "nej", 200}, {1, "nej", 200}, {2, "nej", 201}, {3, "vet-ej", 201}, {3, "ja", 200}, {4, "delvis", 201}}
	for _, s := range steps {
		r, err := api.Answer(ctx, c.Code, dev(s.n), "rutiner.ansvar-arenden", s.value)
		must(t, r, err, s.status)
	}
	change(t, c, map[string]any{"revealed": true})
	got, visible := workshop.Count(wall(t, c.Code), "rutiner.ansvar-arenden")
	if want := map[string]int{"nej": 2, "ja": 1, "delvis": 1}; !visible || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("counts = %v (visible %v), want %v", got, visible, want)
	}
}

// TestLocked: a locked item refuses answers; unlocked it takes them again.
func TestLocked(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	c, dev := session(t, nil)
	r, err := api.Join(ctx, c.Code, dev(1))
	must(t, r, err, 201)
	v := change(t, c, map[string]any{"lock": []string{"rutiner.ansvar-arenden"}})
	if fmt.Sprint(v.Locked) != "[rutiner.ansvar-arenden]" {
		t.Fatalf("locked = %v", v.Locked)
	}
	r, err = api.Answer(ctx, c.Code, dev(1), "rutiner.ansvar-arenden", "ja")
	must(t, r, err, 409)
	if code := r.Code(); code != lagesbild.EItemLocked {
		t.Errorf("code %q, want %s", code, lagesbild.EItemLocked)
	}
	r, err = api.Answer(ctx, c.Code, dev(1), "rutiner.handlingsplan", "saknas")
	must(t, r, err, 201)
	change(t, c, map[string]any{"unlock": []string{"rutiner.ansvar-arenden"}})
	r, err = api.Answer(ctx, c.Code, dev(1), "rutiner.ansvar-arenden", "ja")
	must(t, r, err, 201)
}

// TestWallHidden: nothing shows before WallMin (k + 1) have answered and
// before the reveal; then the distribution.
func TestWallHidden(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	c, dev := session(t, nil)
	shows := func() bool {
		v := wall(t, c.Code)
		for _, it := range v.Wall.Items {
			if it.Counts != nil {
				return true
			}
		}
		for _, f := range v.Wall.Sections {
			if f.Value != nil {
				return true
			}
		}
		return v.Wall.Visible
	}
	values := []string{"ja", "nej", "ja", "vet-ej"}
	for n, value := range values {
		r, err := api.Join(ctx, c.Code, dev(n))
		must(t, r, err, 201)
		r, err = api.Answer(ctx, c.Code, dev(n), "rutiner.ansvar-arenden", value)
		must(t, r, err, 201)
		if n < 3 {
			change(t, c, map[string]any{"revealed": true})
			if shows() {
				t.Errorf("the wall shows figures with %d answered", n+1)
			}
			change(t, c, map[string]any{"revealed": false})
		}
	}
	if shows() {
		t.Error("the wall shows figures before the reveal")
	}
	change(t, c, map[string]any{"revealed": true})
	got, visible := workshop.Count(wall(t, c.Code), "rutiner.ansvar-arenden")
	if !visible || fmt.Sprint(got) != "map[ja:2 nej:1 vet-ej:1]" {
		t.Errorf("counts = %v (visible %v), want ja 2, nej 1, vet-ej 1", got, visible)
	}
}

// TestETag: a poll with the current ETag gets 304 with no body; an answer
// changes the ETag.
func TestETag(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	c, dev := session(t, nil)
	v, changed, err := api.Wall(ctx, c.Code, "")
	if err != nil || !changed || v.ETag == "" {
		t.Fatalf("first poll: %v, changed %v, etag %q", err, changed, v.ETag)
	}
	r, err := api.Do(ctx, "GET", "/api/workshops/"+c.Code+"/wall", "", nil, "If-None-Match", v.ETag)
	must(t, r, err, 304)
	if len(r.Body) != 0 || workshop.Etag(r) != v.ETag {
		t.Errorf("304 with body %q, ETag %q", r.Body, workshop.Etag(r))
	}
	r, err = api.Join(ctx, c.Code, dev(1))
	must(t, r, err, 201)
	v2, changed, err := api.Wall(ctx, c.Code, v.ETag)
	if err != nil || !changed || v2.ETag == v.ETag || v2.Wall.Participants != 1 {
		t.Errorf("poll after a join: %v, changed %v, etag %q → %q, participants %d", err, changed, v.ETag, v2.ETag, v2.Wall.Participants)
	}
}

// TestRateLimit: over the session's joins per minute, 429.
func TestRateLimit(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	// Three joins must fall in one minute of the worker's clock.
	if s := time.Now().Second(); s > 55 {
		time.Sleep(time.Duration(61-s) * time.Second)
	}
	c, dev := session(t, map[string]any{"limits": map[string]any{"joinsPerMinute": 2}})
	for n := 1; n <= 2; n++ {
		r, err := api.Join(ctx, c.Code, dev(n))
		must(t, r, err, 201)
	}
	r, err := api.Join(ctx, c.Code, dev(3))
	must(t, r, err, 429)
	if code := r.Code(); code != lagesbild.ERateLimited {
		t.Errorf("code %q, want %s", code, lagesbild.ERateLimited)
	}
	if v := wall(t, c.Code); v.Wall.Participants != 2 {
		t.Errorf("participants = %d, want 2", v.Wall.Participants)
	}
}

// TestExpiry: a session whose last activity is more than 48 hours ago is
// gone, with a message that says so. The worker's clock cannot be moved, so
// the session's last activity is moved back in D1 (wrangler d1 execute on
// the running worker's local database).
func TestExpiry(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	c, dev := session(t, nil)
	r, err := api.Join(ctx, c.Code, dev(1))
	must(t, r, err, 201)
	old := time.Now().UTC().Add(-49 * time.Hour).Format(time.RFC3339)
	if _, err := workerd.Wrangler(ctx, root, "d1", "execute", "DB", "--local", "--persist-to", w.State,
		"--command", fmt.Sprintf("UPDATE workshops SET last_activity = '%s' WHERE code = '%s'", old, c.Code)); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"wall": "/wall", "state": ""} {
		r, err := api.Do(ctx, "GET", "/api/workshops/"+c.Code+path, "", nil)
		must(t, r, err, 404)
		if code := r.Code(); code != lagesbild.ESessionExpired {
			t.Errorf("%s: code %q, want %s", name, code, lagesbild.ESessionExpired)
		}
	}
	r, err = api.Answer(ctx, c.Code, dev(1), "rutiner.ansvar-arenden", "ja")
	must(t, r, err, 404)
	if code := r.Code(); code != lagesbild.ESessionExpired {
		t.Errorf("answer: code %q, want %s", code, lagesbild.ESessionExpired)
	}
}

// TestSaveIntoRound: the facilitator saves the room's settled answers with
// a municipality's invite code; the round then has one response from the
// municipality, however often it is saved.
func TestSaveIntoRound(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	round := "e2e-workshop-save"
	muni, county := "2480", "24"
	r, err := api.Do(ctx, "POST", "/api/admin/rounds", w.AdminToken, map[string]any{
		"id": round, "questionnaire": "kommun", "opens": "2020-01-01", "closes": "2099-12-31"})
	must(t, r, err, 201)
	r, err = api.Do(ctx, "POST", "/api/admin/rounds/"+round+"/codes", w.AdminToken, map[string]any{"municipalities": []string{muni}})
	var codes struct{ Codes []struct{ Unit, Code string } }
	if err := must(t, r, err, 201).Decode(&codes); err != nil {
		t.Fatal(err)
	}
	invite := codes.Codes[0].Code
	c, _ := session(t, nil)
	settled := map[string]string{"rutiner.handlingsplan": "beslutat", "rutiner.ansvar-arenden": "delvis", "samverkan.polis": "arenden"}
	body := map[string]any{"round": round, "inviteCode": invite, "answers": settled}
	for i, want := range []int{201, 200} {
		r, err := api.Save(ctx, c.Code, c.Token, body)
		must(t, r, err, want)
		var out struct{ Outcome, Role, Municipality string }
		r.Decode(&out)
		if out.Role != "workshop" || out.Municipality != muni {
			t.Errorf("save %d: %s", i+1, r)
		}
	}
	r, err = api.Do(ctx, "GET", "/api/rounds/"+round+"/counties/"+county, invite, nil)
	var cv struct {
		Municipalities []struct {
			Code        string
			Respondents int
		}
	}
	if err := must(t, r, err, 200).Decode(&cv); err != nil {
		t.Fatal(err)
	}
	n := -1
	for _, m := range cv.Municipalities {
		if m.Code == muni {
			n = m.Respondents
		}
	}
	if n != 1 {
		t.Errorf("the county route counts %d responses of %s, want 1: %s", n, muni, r)
	}
}

// TestErrorCodes: in workerd, each situation the workshop pages tell apart
// has its own code and status (lagesbild.Codes); the pages switch on the
// code alone.
func TestErrorCodes(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	round := "e2e-workshop-codes"
	r, err := api.Do(ctx, "POST", "/api/admin/rounds", w.AdminToken, map[string]any{
		"id": round, "questionnaire": "kommun", "opens": "2020-01-01", "closes": "2099-12-31"})
	must(t, r, err, 201)
	r, err = api.Do(ctx, "POST", "/api/admin/rounds/"+round+"/codes", w.AdminToken, map[string]any{"municipalities": []string{"2480", "2401"}})
	var codes struct{ Codes []struct{ Unit, Code string } }
	if err := must(t, r, err, 201).Decode(&codes); err != nil {
		t.Fatal(err)
	}
	invite := map[string]string{}
	for _, c := range codes.Codes {
		invite[c.Unit] = c.Code
	}
	c, dev := session(t, nil)
	other, _ := session(t, nil)
	ended, _ := session(t, nil)
	r, err = api.Join(ctx, c.Code, dev(1))
	must(t, r, err, 201)
	change(t, c, map[string]any{"lock": []string{"rutiner.ansvar-arenden"}})
	change(t, ended, map[string]any{"ended": true})
	settled := map[string]string{"rutiner.ansvar-arenden": "delvis"}
	path := "/api/workshops/" + c.Code

	tests := []struct {
		name         string
		method, path string
		token        string
		body         any
		status       int
		code         string
	}{
		{"no such session", "GET", "/api/workshops/ACDEFG", "", nil, 404, lagesbild.ESessionNotFound},
		{"not a join code", "GET", "/api/workshops/O0O0O0", "", nil, 400, lagesbild.EInvalid},
		{"a locked item", "POST", path + "/answers", "", map[string]string{"participant": dev(1), "item": "rutiner.ansvar-arenden", "value": "ja"}, 409, lagesbild.EItemLocked},
		{"a device not joined", "POST", path + "/answers", "", map[string]string{"participant": dev(9), "item": "rutiner.handlingsplan", "value": "saknas"}, 409, lagesbild.ENotJoined},
		{"an unknown item", "POST", path + "/answers", "", map[string]string{"participant": dev(1), "item": "nope", "value": "ja"}, 400, lagesbild.EInvalid},
		{"an ended session", "POST", "/api/workshops/" + ended.Code + "/participants", "", map[string]string{"participant": dev(2)}, 409, lagesbild.ESessionEnded},
		{"reopening", "PATCH", "/api/workshops/" + ended.Code, ended.Token, map[string]any{"ended": false}, 409, lagesbild.ESessionEnded},
		{"revealing after the end", "PATCH", "/api/workshops/" + ended.Code, ended.Token, map[string]any{"revealed": true}, 409, lagesbild.ESessionEnded},
		{"no facilitator token", "PATCH", path, "", map[string]any{"revealed": true}, 401, lagesbild.EUnauthorized},
		{"another session's token", "PATCH", path, other.Token, map[string]any{"revealed": true}, 403, lagesbild.EForbidden},
		{"save without an invite code", "POST", path + "/response", c.Token, map[string]any{"round": round, "answers": settled}, 400, lagesbild.EInvalid},
		{"save with a wrong invite code", "POST", path + "/response", c.Token,
			map[string]any{"round": round, "inviteCode": "ABCD-EFGH-JKLM-NPQR", "answers": settled}, 403, lagesbild.ECodeInvalid},
		{"save with another municipality's code", "POST", path + "/response", c.Token,
			map[string]any{"round": round, "inviteCode": invite["2401"], "municipality": "2480", "answers": settled}, 403, lagesbild.ECodeOtherUnit},
		{"save into no round", "POST", path + "/response", c.Token,
			map[string]any{"round": "e2e-none", "inviteCode": invite["2480"], "answers": settled}, 400, lagesbild.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := api.Do(ctx, tt.method, tt.path, tt.token, tt.body)
			must(t, r, err, tt.status)
			if code := r.Code(); code != tt.code {
				t.Errorf("got %s, want code %s", r, tt.code)
			}
		})
	}
}
