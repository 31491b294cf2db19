package worker

import (
	"lagesbild"
	"lagesbild/questionnaires"
)

// Catalog is where the worker finds questionnaires. The shipped ones
// (package questionnaires) are the default; tests pass a fixed catalog so
// they do not depend on content that is still being written.
type Catalog interface {
	// Get returns a questionnaire; version 0 means the latest.
	Get(id string, version int) (*lagesbild.Questionnaire, error)
	// List returns every version of every questionnaire.
	List() []questionnaires.Info
	// JSON returns the canonical JSON of a questionnaire version.
	JSON(id string, version int) ([]byte, error)
}

// shipped is the Catalog of the questionnaires embedded in the build.
type shipped struct{}

func (shipped) Get(id string, version int) (*lagesbild.Questionnaire, error) {
	return questionnaires.Get(id, version)
}
func (shipped) List() []questionnaires.Info { return questionnaires.List() }
func (shipped) JSON(id string, version int) ([]byte, error) {
	return questionnaires.JSON(id, version)
}

type questionnaireInfo = questionnaires.Info
