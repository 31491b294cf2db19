package ui

import (
	"testing"
	"time"

	"lagesbild"
	"lagesbild/wasm/i18n"
)

func TestPayload(t *testing.T) {
	d := Draft{Format: FileFormat, ID: "0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a", Questionnaire: "small", Version: 2, Round: "demo",
		Municipality: "0180", Role: "chef", Answers: lagesbild.Answers{"rutiner.plan": "ja"}, Changed: "x", Pending: true}
	want := `{"id":"0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a","round":"demo","questionnaire":"small","version":2,"municipality":"0180","role":"chef","answers":{"rutiner.plan":"ja"}}`
	if got := string(Payload(d)); got != want {
		t.Errorf("Payload =\n%s\nwant\n%s", got, want)
	}
}

func TestBackoff(t *testing.T) {
	b := Backoff{Base: time.Second, Max: 30 * time.Second}
	tests := []struct {
		attempt int
		r       float64
		want    time.Duration
	}{
		{0, 0, 500 * time.Millisecond},
		{0, 0.999999, time.Second - time.Microsecond},
		{1, 0, time.Second},
		{3, 0.5, 6 * time.Second},
		{5, 0, 15 * time.Second}, // 32 s capped at 30
		{1000, 1, 30 * time.Second},
	}
	for _, tt := range tests {
		got := b.Delay(tt.attempt, tt.r)
		if d := got - tt.want; d < -time.Microsecond || d > time.Microsecond {
			t.Errorf("Delay(%d, %v) = %v, want %v", tt.attempt, tt.r, got, tt.want)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		status int
		want   Outcome
	}{
		{201, Saved}, {200, Saved},
		{0, Retry}, {500, Retry}, {502, Retry}, {503, Retry}, {408, Retry}, {429, Retry},
		{400, Rejected}, {401, Rejected}, {403, Rejected}, {404, Rejected}, {409, Rejected}, {413, Rejected}, {415, Rejected},
	}
	for _, tt := range tests {
		if got := Classify(tt.status); got != tt.want {
			t.Errorf("Classify(%d) = %v, want %v", tt.status, got, tt.want)
		}
	}
}

func TestAPIError(t *testing.T) {
	tests := []struct {
		status   int
		body     string
		sv, en   string
		wantCode string
	}{
		{400, `{"code":"invalid","error":"answers.x: no such item"}`,
			"Svaren är inte giltiga. (answers.x: no such item)", "The answers are not valid. (answers.x: no such item)", "invalid"},
		{409, `{"code":"conflict","error":"round: round \"2025\" closed"}`,
			`Omgången är stängd. (round: round "2025" closed)`, `The round is closed. (round: round "2025" closed)`, "conflict"},
		{500, `{"code":"internal","error":"internal error"}`, "Ett fel uppstod på servern.", "An error occurred on the server.", "internal"},
		{502, `<html>Bad gateway</html>`, "Servern svarade med status 502.", "The server answered with status 502.", ""},
	}
	for _, tt := range tests {
		e := ParseError(tt.status, []byte(tt.body))
		if e.Code != tt.wantCode {
			t.Errorf("ParseError(%d, %s).Code = %q, want %q", tt.status, tt.body, e.Code, tt.wantCode)
		}
		if got := e.Text(i18n.For("sv")); got != tt.sv {
			t.Errorf("sv text %q, want %q", got, tt.sv)
		}
		if got := e.Text(i18n.For("en")); got != tt.en {
			t.Errorf("en text %q, want %q", got, tt.en)
		}
	}
}
