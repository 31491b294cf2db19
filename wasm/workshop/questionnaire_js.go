//go:build js && wasm

package workshop

import (
	"errors"
	"strconv"

	"lagesbild"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/ui"
)

// FetchQuestionnaire loads a questionnaire version from the API: the
// facilitator's page, the participants' page and the wall all need the one
// their session runs. It reads the JSON with the questionnaire runner's
// reader (wasm/ui), not encoding/json.
func FetchQuestionnaire(id string, version int) (*lagesbild.Questionnaire, error) {
	what := "questionnaire " + id + " v" + strconv.Itoa(version)
	url := "/api/questionnaires/" + id + "?version=" + strconv.Itoa(version)
	r, ok := dom.Prefetched(url) // the wall's page asks for it early
	if !ok {
		var err error
		if r, err = dom.Fetch("GET", url, nil, nil); err != nil {
			return nil, err
		}
	}
	if r.Status != 200 {
		return nil, errors.New(what + ": status " + strconv.Itoa(r.Status))
	}
	q, err := ui.ParseQuestionnaire(r.Body)
	if err != nil {
		return nil, errors.New(what + ": " + err.Error())
	}
	return q, nil
}
