package lagesbild

import (
	"fmt"
	"testing"
)

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Codes {
		if seen[c.Code] {
			t.Errorf("code %q is in Codes twice", c.Code)
		}
		seen[c.Code] = true
		if c.Status < 400 || c.Status > 599 {
			t.Errorf("code %q has status %d, want an error status (4xx or 5xx)", c.Code, c.Status)
		}
		if got := Status(c.Code); got != c.Status {
			t.Errorf("Status(%q) = %d, want %d", c.Code, got, c.Status)
		}
	}
	if _, ok := CodeOf("no such code"); ok {
		t.Error(`CodeOf("no such code") found an entry`)
	}
	if got, want := Status("no such code"), 500; got != want {
		t.Errorf("Status of an unknown code = %d, want %d", got, want)
	}
}

func TestErrorCode(t *testing.T) {
	tests := []struct {
		err       error
		code, msg string
	}{
		{nil, "", "internal error"},
		{Errorf(EItemLocked, "item: %s is locked", "a.b"), EItemLocked, "item: a.b is locked"},
		{fmt.Errorf("saving: %w", Errorf(ERoundClosed, "round: closed")), ERoundClosed, "round: closed"},
		{fmt.Errorf("driver: table responses is locked"), EInternal, "internal error"},
	}
	for _, tt := range tests {
		if got := ErrorCode(tt.err); got != tt.code {
			t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.code)
		}
		if got := ErrorMessage(tt.err); got != tt.msg {
			t.Errorf("ErrorMessage(%v) = %q, want %q", tt.err, got, tt.msg)
		}
	}
}
