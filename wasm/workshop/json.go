package workshop

import (
	"errors"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/tinyjson"
)

// The participants' page reads and writes its few JSON shapes (package
// api's) by hand with wasm/tinyjson: encoding/json would add its reflection
// to the binary every phone in the room downloads. The tests hold each
// function here to encoding/json's results on the same api types.

// session reads api.Session.
func session(g *tinyjson.Reader, v tinyjson.Value) api.Session {
	l := v.Get("limits")
	return api.Session{
		Code:          g.Str(v, "code"),
		Questionnaire: g.Str(v, "questionnaire"),
		Version:       g.Int(v, "version"),
		Section:       g.Str(v, "section"),
		Locked:        g.Strs(v, "locked"),
		Revealed:      g.Bool(v, "revealed"),
		Ended:         g.Bool(v, "ended"),
		Expires:       g.Str(v, "expires"),
		Limits:        api.Limits{JoinsPerMinute: g.Int(l, "joinsPerMinute"), AnswersPerMinute: g.Int(l, "answersPerMinute")},
		RoomSize:      g.Int(v, "roomSize"),
		Facilitator:   g.Bool(v, "facilitator"),
		ETag:          g.Str(v, "etag"),
	}
}

// object parses b, which must be a JSON object.
func object(b []byte) (tinyjson.Value, error) {
	v, err := tinyjson.Parse(b)
	if err != nil {
		return v, err
	}
	if v.Kind() != tinyjson.Object {
		return v, errors.New("JSON: want an object, got " + v.Kind().String())
	}
	return v, nil
}

// ParseSession reads api.Session (GET /api/workshops/{code}).
func ParseSession(b []byte) (api.Session, error) {
	v, err := object(b)
	if err != nil {
		return api.Session{}, err
	}
	var g tinyjson.Reader
	s := session(&g, v)
	return s, g.Err
}

// ParseJoined reads api.Joined (POST /api/workshops/{code}/participants).
func ParseJoined(b []byte) (api.Joined, error) {
	v, err := object(b)
	if err != nil {
		return api.Joined{}, err
	}
	var g tinyjson.Reader
	j := api.Joined{
		Participant: g.Str(v, "participant"),
		New:         g.Bool(v, "new"),
		Answers:     g.Strings(v, "answers"),
		Session:     session(&g, v.Get("session")),
	}
	return j, g.Err
}

// ParseAnswered reads api.Answered (POST /api/workshops/{code}/answers).
func ParseAnswered(b []byte) (api.Answered, error) {
	v, err := object(b)
	if err != nil {
		return api.Answered{}, err
	}
	var g tinyjson.Reader
	a := api.Answered{Item: g.Str(v, "item"), Value: g.Str(v, "value"), Outcome: g.Str(v, "outcome"), State: g.Str(v, "state")}
	return a, g.Err
}

// ParseAnswers reads answers as the page keeps them ({"item": "value"}).
func ParseAnswers(b []byte) (lagesbild.Answers, error) {
	v, err := object(b)
	if err != nil {
		return nil, err
	}
	var g tinyjson.Reader
	a := lagesbild.Answers(g.StringMap(v, "answers"))
	return a, g.Err
}

// EncodeAnswers writes answers as encoding/json does (keys sorted).
func EncodeAnswers(a lagesbild.Answers) []byte {
	if a == nil {
		return []byte("{}")
	}
	return tinyjson.AppendStrings(nil, "", a)
}

// JoinBody is the body of a join (api.Join).
func JoinBody(device string) []byte {
	o := tinyjson.NewWriter(nil, "")
	o.Str("participant", device)
	return o.Close()
}

// AnswerBody is the body of an answer (api.Answer).
func AnswerBody(a api.Answer) []byte {
	o := tinyjson.NewWriter(nil, "")
	o.Str("participant", a.Participant)
	o.Str("item", a.Item)
	o.Str("value", a.Value)
	return o.Close()
}
