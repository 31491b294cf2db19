package workshop

import (
	"errors"

	"lagesbild"
	"lagesbild/wasm/tinyjson"
)

// The answers the facilitator's page keeps are read and written by hand
// with wasm/tinyjson, as the participants' page's were when it was Go (it
// is join.mjs now, issue 17). The tests hold each function here to
// encoding/json's results.

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
