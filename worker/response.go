package worker

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"lagesbild"
	"lagesbild/api"
)

// MaxBody is the largest request body the API reads. A full questionnaire's
// answers are a few KB.
const MaxBody = 64 << 10

// readJSON reads a JSON request body: it must say it is JSON and be at most
// MaxBody bytes.
func readJSON(r *http.Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return nil, lagesbild.Errorf(lagesbild.EUnsupported, "Content-Type: want application/json, got %q", ct)
	}
	if r.ContentLength > MaxBody {
		return nil, lagesbild.Errorf(lagesbild.ETooLarge, "body: %d bytes is over the limit of %d", r.ContentLength, MaxBody)
	}
	if r.Body == nil { // the workers runtime gives a nil body for an empty request
		return nil, lagesbild.Errorf(lagesbild.EInvalid, "body: empty")
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading the body: %w", err)
	}
	if len(b) > MaxBody {
		return nil, lagesbild.Errorf(lagesbild.ETooLarge, "body: over the limit of %d bytes", MaxBody)
	}
	return b, nil
}

// decodeBody reads a request's JSON body into v: readJSON's checks, then
// decodeJSON's.
func decodeBody(r *http.Request, v any) error {
	b, err := readJSON(r)
	if err != nil {
		return err
	}
	return decodeJSON(b, v)
}

// decodeJSON decodes one JSON value into v, naming what is wrong.
func decodeJSON(b []byte, v any) error { return jsonError(decodeValue(b, v)) }

// errTrailing is decodeValue's error for text after the value.
var errTrailing = errors.New("more after the object")

// decodeValue decodes one JSON value into v, with encoding/json's errors.
func decodeValue(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return errTrailing
	}
	return nil
}

// jsonError is a decoding error as the API answers it: EInvalid, naming the
// field that was wrong ("body" for the whole).
func jsonError(err error) error {
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return lagesbild.Errorf(lagesbild.EInvalid, "body: want a JSON object, got %s", te.Value)
	case errors.As(err, &te):
		return lagesbild.Errorf(lagesbild.EInvalid, "%s: want %s, got %s", te.Field, jsonType(te.Type.Kind().String()), te.Value)
	}
	return lagesbild.Errorf(lagesbild.EInvalid, "body: malformed JSON: %v", err)
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "int", "int64":
		return "a whole number"
	case "map", "struct":
		return "an object"
	case "slice":
		return "an array"
	case "bool":
		return "true or false"
	}
	return kind
}

// DecodeResponse decodes and checks a posted response (api.Response) as far
// as it can be checked without the round: the shape, the id, the codes of
// municipality or county, the role. Scores are never taken from the client:
// unknown fields (a client's own scores) are ignored. Every error is an
// *lagesbild.Error with code EInvalid and a message that starts with the
// field's name.
func DecodeResponse(b []byte) (api.Response, error) {
	var r api.Response
	if err := decodeValue(b, &r); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "answers" && te.Type.Kind() == reflect.String {
			return api.Response{}, wrongAnswer(b, err)
		}
		return api.Response{}, jsonError(err)
	}
	return checkResponse(r)
}

// checkResponse is DecodeResponse's checks of a decoded response, also run
// on a form posted without JavaScript (form.go): the id (lower-cased), the
// round, questionnaire and version, the municipality or county, the role,
// that there are answers.
func checkResponse(r api.Response) (api.Response, error) {
	id := r.ID
	r.ID = strings.ToLower(r.ID)
	if !lagesbild.IsUUID(r.ID) {
		return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "id: want a UUID such as 7c9e6679-7425-40de-944b-e07fc1f90ae7, got %q", clip(id))
	}
	if !isSlug(r.Round, 32) {
		return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "round: want a round id, got %q", clip(r.Round))
	}
	if !isSlug(r.Questionnaire, 32) {
		return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "questionnaire: want a questionnaire id, got %q", clip(r.Questionnaire))
	}
	if r.Version < 1 {
		return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "version: want a whole number >= 1, got %d", r.Version)
	}
	switch {
	case r.Municipality != "" && r.County != "":
		return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "county: give either municipality or county, not both")
	case r.Municipality != "":
		if _, ok := lagesbild.MunicipalityByCode(r.Municipality); !ok {
			return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "municipality: %q is not a kommunkod", clip(r.Municipality))
		}
	case r.County != "":
		if _, ok := lagesbild.CountyByCode(r.County); !ok {
			return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "county: %q is not a länskod", clip(r.County))
		}
	default:
		return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "municipality: missing (or county, for a county's own response)")
	}
	if r.Role != "" && !isSlug(r.Role, 32) {
		// A slug, not free text, so no name or e-mail address can be stored here.
		return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "role: want a short lower-case word such as \"chef\", got %q", clip(r.Role))
	}
	if len(r.Answers) == 0 {
		return api.Response{}, lagesbild.Errorf(lagesbild.EInvalid, "answers: missing or empty")
	}
	return r, nil
}

// wrongAnswer names the answer whose value is not a string, which
// encoding/json does not (its error says "answers"): the body is read again,
// only on this path, with the answers raw. The first wrong item in sorted
// order is named, so the same body always gives the same error.
func wrongAnswer(b []byte, err error) error {
	var raw struct {
		Answers map[string]json.RawMessage `json:"answers"`
	}
	if json.Unmarshal(b, &raw) == nil {
		ids := make([]string, 0, len(raw.Answers))
		for id := range raw.Answers {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			var v string
			if json.Unmarshal(raw.Answers[id], &v) != nil {
				return lagesbild.Errorf(lagesbild.EInvalid, "answers.%s: want an option value (a string), got %s", clip(id), clip(string(raw.Answers[id])))
			}
		}
	}
	return jsonError(err)
}

// clip shortens what is echoed back in an error message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	s = s[:57]
	for !utf8.ValidString(s) { // do not cut a character in two
		s = s[:len(s)-1]
	}
	return s + "..."
}

// isSlug reports whether s is 1..max characters of a-z, 0-9 and '-', starting
// with a letter or digit.
func isSlug(s string, max int) bool {
	if s == "" || len(s) > max || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
