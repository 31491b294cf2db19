//go:build !js

package worker_test

import (
	"encoding/xml"
	"regexp"
	"testing"
	"time"

	"lagesbild/qr"
)

// TestWorkshopQR: the wall's early QR code is the join link's, on the
// request's origin, the same modules as the wall draws; a session that is
// unknown, ended or expired has none.
func TestWorkshopQR(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	path := "/api/workshops/" + rm.code + "/qr.svg"
	r := must(t, a.get(path, ""), 200)
	if got := r.Header.Get("Content-Type"); got != "image/svg+xml" {
		t.Errorf("Content-Type %q, want image/svg+xml", got)
	}
	if got := r.Header.Get("Cache-Control"); got != "private, max-age=3600" {
		t.Errorf("Cache-Control %q", got)
	}
	if err := xml.Unmarshal(r.Body, new(struct{})); err != nil {
		t.Errorf("not XML: %v\n%s", err, r.Body)
	}
	// httptest's requests come to http://example.com.
	m, err := qr.Modules("http://example.com/join/?code=" + rm.code)
	if err != nil {
		t.Fatal(err)
	}
	d := regexp.MustCompile(` d="([^"]+)"`)
	want := d.FindStringSubmatch(string(qr.SVG(m, "", "")))
	got := d.FindStringSubmatch(string(r.Body))
	if got == nil || want == nil || got[1] != want[1] {
		t.Errorf("the path is not the join link's QR code:\ngot  %v\nwant %v", got, want)
	}
	// Lower case and a dash name the same session (as typed on a phone).
	must(t, a.get("/api/workshops/"+rm.code[:3]+"-"+rm.code[3:]+"/qr.svg", ""), 200)

	for _, c := range []struct {
		name   string
		path   string
		status int
	}{
		{"unknown", "/api/workshops/AAAAAA/qr.svg", 404},
		{"not a code", "/api/workshops/x/qr.svg", 400},
	} {
		if got := a.get(c.path, ""); got.Status != c.status {
			t.Errorf("%s: got %s, want %d", c.name, got, c.status)
		}
	}
	must(t, rm.change(map[string]any{"ended": true}), 200)
	if got := a.get(path, ""); got.Status != 409 || got.code() != "session_ended" {
		t.Errorf("ended: got %s, want 409 session_ended", got)
	}
	other := newRoom(t, a, nil)
	a.now = a.now.Add(49 * time.Hour)
	if got := a.get("/api/workshops/"+other.code+"/qr.svg", ""); got.Status != 404 || got.code() != "session_expired" {
		t.Errorf("expired: got %s, want 404 session_expired", got)
	}
}
