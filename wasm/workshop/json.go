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

// get is a reader of an object's members that remembers the first member of
// the wrong type; absent members and nulls are zero values, as with
// encoding/json.
type get struct{ err error }

func (g *get) wrong(key string) {
	if g.err == nil {
		g.err = errors.New("JSON: " + key + " has the wrong type")
	}
}

// field reads v's member key with as; a member of another type is an error.
func field[T any](g *get, v tinyjson.Value, key string, as func(tinyjson.Value) (T, bool)) T {
	m := v.Get(key)
	x, ok := as(m)
	if !ok && !m.IsNull() {
		g.wrong(key)
	}
	return x
}

func (g *get) str(v tinyjson.Value, key string) string { return field(g, v, key, tinyjson.Value.Str) }
func (g *get) int(v tinyjson.Value, key string) int    { return field(g, v, key, tinyjson.Value.Int) }
func (g *get) bool(v tinyjson.Value, key string) bool  { return field(g, v, key, tinyjson.Value.Bool) }

func (g *get) strs(v tinyjson.Value, key string) []string {
	m := v.Get(key)
	if m.IsNull() {
		return nil
	}
	if m.Kind() != tinyjson.Array {
		g.wrong(key)
		return nil
	}
	out := make([]string, 0, len(m.Elems()))
	for _, e := range m.Elems() {
		s, ok := e.Str()
		if !ok {
			g.wrong(key)
		}
		out = append(out, s)
	}
	return out
}

// answers reads an object of strings, m, named key.
func (g *get) answers(m tinyjson.Value, key string) lagesbild.Answers {
	if m.IsNull() {
		return nil
	}
	if m.Kind() != tinyjson.Object {
		g.wrong(key)
		return nil
	}
	out := make(lagesbild.Answers, len(m.Members()))
	for _, mb := range m.Members() {
		s, ok := mb.Value.Str()
		if !ok {
			g.wrong(key + "." + mb.Key)
		}
		out[mb.Key] = s
	}
	return out
}

func (g *get) session(v tinyjson.Value) api.Session {
	l := v.Get("limits")
	return api.Session{
		Code:          g.str(v, "code"),
		Questionnaire: g.str(v, "questionnaire"),
		Version:       g.int(v, "version"),
		Section:       g.str(v, "section"),
		Locked:        g.strs(v, "locked"),
		Revealed:      g.bool(v, "revealed"),
		Ended:         g.bool(v, "ended"),
		Expires:       g.str(v, "expires"),
		Limits:        api.Limits{JoinsPerMinute: g.int(l, "joinsPerMinute"), AnswersPerMinute: g.int(l, "answersPerMinute")},
		Facilitator:   g.bool(v, "facilitator"),
		ETag:          g.str(v, "etag"),
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
	var g get
	s := g.session(v)
	return s, g.err
}

// ParseJoined reads api.Joined (POST /api/workshops/{code}/participants).
func ParseJoined(b []byte) (api.Joined, error) {
	v, err := object(b)
	if err != nil {
		return api.Joined{}, err
	}
	var g get
	j := api.Joined{
		Participant: g.str(v, "participant"),
		New:         g.bool(v, "new"),
		Answers:     g.answers(v.Get("answers"), "answers"),
		Session:     g.session(v.Get("session")),
	}
	return j, g.err
}

// ParseAnswered reads api.Answered (POST /api/workshops/{code}/answers).
func ParseAnswered(b []byte) (api.Answered, error) {
	v, err := object(b)
	if err != nil {
		return api.Answered{}, err
	}
	var g get
	a := api.Answered{Item: g.str(v, "item"), Value: g.str(v, "value"), Outcome: g.str(v, "outcome"), State: g.str(v, "state")}
	return a, g.err
}

// ParseAnswers reads answers as the page keeps them ({"item": "value"}).
func ParseAnswers(b []byte) (lagesbild.Answers, error) {
	v, err := object(b)
	if err != nil {
		return nil, err
	}
	var g get
	a := g.answers(v, "answers")
	return a, g.err
}

// member appends "key":value's start to an object being written.
func member(b []byte, first bool, key string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = tinyjson.AppendString(b, key)
	return append(b, ':')
}

// EncodeAnswers writes answers as encoding/json does (keys sorted).
func EncodeAnswers(a lagesbild.Answers) []byte {
	b := []byte{'{'}
	for i, k := range sortedKeys(a) {
		b = member(b, i == 0, k)
		b = tinyjson.AppendString(b, a[k])
	}
	return append(b, '}')
}

// JoinBody is the body of a join (api.Join).
func JoinBody(device string) []byte {
	b := member([]byte{'{'}, true, "participant")
	b = tinyjson.AppendString(b, device)
	return append(b, '}')
}

// AnswerBody is the body of an answer (api.Answer).
func AnswerBody(a api.Answer) []byte {
	b := member([]byte{'{'}, true, "participant")
	b = tinyjson.AppendString(b, a.Participant)
	b = member(b, false, "item")
	b = tinyjson.AppendString(b, a.Item)
	b = member(b, false, "value")
	b = tinyjson.AppendString(b, a.Value)
	return append(b, '}')
}
