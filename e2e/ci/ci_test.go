//go:build !js

package ci

import (
	"strings"
	"testing"
)

func TestSkip(t *testing.T) {
	tests := []struct {
		ci, why     string
		skip, error string // want: the skip reason; a part of the error
	}{
		{"", "", "", ""},
		{"true", "", "", ""},
		{"", "/usr/bin/chromium is missing", "/usr/bin/chromium is missing", ""},
		{"false", "/usr/bin/chromium is missing", "/usr/bin/chromium is missing", ""},
		{"0", "wrangler is missing", "wrangler is missing", ""},
		{"true", "/usr/bin/chromium is missing", "", "CI=true: not skipping, this must run in CI: /usr/bin/chromium is missing"},
		{"1", "wrangler is missing", "", "CI=1: not skipping"},
	}
	for _, tt := range tests {
		t.Run(tt.ci+"/"+tt.why, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			skip, err := Skip(tt.why)
			if skip != tt.skip {
				t.Errorf("skip = %q, want %q", skip, tt.skip)
			}
			if (err != nil) != (tt.error != "") || err != nil && !strings.Contains(err.Error(), tt.error) {
				t.Errorf("err = %v, want one containing %q", err, tt.error)
			}
		})
	}
}
