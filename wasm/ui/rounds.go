package ui

import (
	"errors"
	"strconv"
	"strings"

	"lagesbild/wasm/tinyjson"
)

// The round is chosen from a list, never typed (issue 13): the page asks
// GET /api/rounds for the rounds open to all, or, with a code, the code's
// round, and offers those of its questionnaire that take answers now.

// RoundsURL is GET /api/rounds.
func RoundsURL() string { return "/api/rounds" }

// OpenRounds reads the answer of GET /api/rounds: the ids of the rounds of
// questionnaire that are open now, of any version.
func OpenRounds(body []byte, questionnaire string) ([]string, error) {
	ids, _, err := OpenRoundVersions(body, questionnaire)
	return ids, err
}

// OpenRoundVersions is OpenRounds with each round's questionnaire version
// (0: always the latest, as the demo round).
func OpenRoundVersions(body []byte, questionnaire string) ([]string, map[string]int, error) {
	v, err := tinyjson.Parse(body)
	if err != nil {
		return nil, nil, errors.New("rounds: " + err.Error())
	}
	if v.Kind() != tinyjson.Object {
		return nil, nil, errors.New("rounds: want an object, got " + v.Kind().String())
	}
	var r tinyjson.Reader
	var ids []string
	versions := map[string]int{}
	for _, rd := range r.Objects(v, "rounds") {
		id, q, open := r.Str(rd, "id"), r.Str(rd, "questionnaire"), r.Bool(rd, "open")
		if open && q == questionnaire && id != "" {
			ids = append(ids, id)
			versions[id] = r.Int(rd, "version")
		}
	}
	if r.Err != nil {
		return nil, nil, errors.New("rounds: " + r.Err.Error())
	}
	return ids, versions, nil
}

// VersionPage is the page of a questionnaire's version for a round that
// uses another version than the page (a round made before a new version
// shipped keeps its own): "/enkat/kommun/v1/", or "" when the page's
// version is the round's (version 0 is always the latest, and only the
// latest page is at "/enkat/<id>/").
func VersionPage(id string, pageVersion int, latest bool, roundVersion int) string {
	switch {
	case roundVersion == 0 && latest, roundVersion == pageVersion:
		return ""
	case roundVersion == 0:
		return "/enkat/" + id + "/"
	}
	return "/enkat/" + id + "/v" + strconv.Itoa(roundVersion) + "/"
}

// RoundChoices are the rounds to offer: the open ones, and keep (the
// draft's, a link's, or the one in the page) first when it is not among
// them, so a choice already made is not changed behind the user's back.
func RoundChoices(open []string, keep string) []string {
	if keep == "" {
		return open
	}
	for _, id := range open {
		if id == keep {
			return open
		}
	}
	return append([]string{keep}, open...)
}

// RoundOptions is the round list's options as HTML, selected chosen.
func RoundOptions(ids []string, selected string) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(`<option value="` + esc(id) + `"`)
		if id == selected {
			b.WriteString(" selected")
		}
		b.WriteString(">" + esc(id) + "</option>")
	}
	return b.String()
}
