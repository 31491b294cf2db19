package workshop

import (
	"encoding/json"
	"reflect"
	"testing"

	"lagesbild"
	"lagesbild/api"
)

// TestJSON holds the hand-written JSON to encoding/json on the api types.
func TestJSON(t *testing.T) {
	session := api.Session{Code: "ACDEFG", Questionnaire: "workshop", Version: 2, Section: "rutiner", Locked: []string{"a", "b"},
		Revealed: true, Ended: true, Expires: "2026-12-05T10:00:00Z", Limits: api.Limits{JoinsPerMinute: 120, AnswersPerMinute: 600},
		RoomSize: 24, Facilitator: true, ETag: `"w-1-7"`}
	sessions := []api.Session{session, {}, {Code: "ACDEFG", Locked: []string{}}}
	for _, s := range sessions {
		got, err := ParseSession(mustJSON(t, s))
		if err != nil || !reflect.DeepEqual(got, s) {
			t.Errorf("ParseSession(%s) = %+v, %v", mustJSON(t, s), got, err)
		}
	}
	for _, j := range []api.Joined{
		{Participant: "0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a", New: true, Answers: lagesbild.Answers{"a": "ja", "b": "\"<å>\""}, Session: session},
		{Participant: "p"},
	} {
		got, err := ParseJoined(mustJSON(t, j))
		if err != nil || !reflect.DeepEqual(got, j) {
			t.Errorf("ParseJoined(%s) = %+v, %v", mustJSON(t, j), got, err)
		}
	}
	a := api.Answered{Item: "a", Value: "ja", Outcome: api.Created, State: `"w-1-8"`}
	if got, err := ParseAnswered(mustJSON(t, a)); err != nil || got != a {
		t.Errorf("ParseAnswered = %+v, %v", got, err)
	}
	// Wrong types are errors, as with encoding/json.
	for _, bad := range []string{`{"code":1}`, `{"locked":"a"}`, `{"locked":[1]}`, `{"limits":{"joinsPerMinute":"x"}}`, `[]`, `nul`} {
		if _, err := ParseSession([]byte(bad)); err == nil {
			t.Errorf("ParseSession(%s): no error", bad)
		}
		var s api.Session
		if json.Unmarshal([]byte(bad), &s) == nil {
			t.Errorf("encoding/json takes %s", bad)
		}
	}
	if _, err := ParseJoined([]byte(`{"answers":{"a":1}}`)); err == nil {
		t.Error("ParseJoined: no error for an answer that is a number")
	}

	// Bodies.
	if got, want := string(JoinBody("p\"1")), string(mustJSON(t, api.Join{Participant: "p\"1"})); got != want {
		t.Errorf("JoinBody = %s, want %s", got, want)
	}
	ans := api.Answer{Participant: "p", Item: "rutiner.ansvar-arenden", Value: "<ja>&"}
	if got, want := string(AnswerBody(ans)), string(mustJSON(t, ans)); got != want {
		t.Errorf("AnswerBody = %s, want %s", got, want)
	}

	// The answers a phone keeps.
	for _, as := range []lagesbild.Answers{{}, {"b": "nej", "a": "ja", "c": "vet-ej\u2028"}} {
		b := EncodeAnswers(as)
		if want := mustJSON(t, as); string(b) != string(want) {
			t.Errorf("EncodeAnswers = %s, want %s", b, want)
		}
		if got, err := ParseAnswers(b); err != nil || !reflect.DeepEqual(got, as) {
			t.Errorf("ParseAnswers(%s) = %v, %v", b, got, err)
		}
	}
	for _, bad := range []string{``, `[]`, `{"a":1}`} {
		if _, err := ParseAnswers([]byte(bad)); err == nil {
			t.Errorf("ParseAnswers(%q): no error", bad)
		}
	}
}
