//go:build js && wasm

package workshop

import (
	"encoding/json"
	"fmt"
	"strconv"

	"lagesbild"
	"lagesbild/wasm/dom"
)

// FetchQuestionnaire loads a questionnaire version from the API: the
// facilitator's page, the participants' page and the wall all need the one
// their session runs.
func FetchQuestionnaire(id string, version int) (*lagesbild.Questionnaire, error) {
	r, err := dom.Fetch("GET", "/api/questionnaires/"+id+"?version="+strconv.Itoa(version), nil, nil)
	if err != nil {
		return nil, err
	}
	if r.Status != 200 {
		return nil, fmt.Errorf("questionnaire %s v%d: status %d", id, version, r.Status)
	}
	q := new(lagesbild.Questionnaire)
	if err := json.Unmarshal(r.Body, q); err != nil {
		return nil, fmt.Errorf("questionnaire %s v%d: %w", id, version, err)
	}
	return q, nil
}
