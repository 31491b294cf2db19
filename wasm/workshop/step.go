package workshop

// Step is what a page does next with an answer of the worker.
type Step int

const (
	Proceed Step = iota // the answer is good: go on
	Wait                // try again after a while (the notice says why)
	Halt                // the page cannot go on: the notice says why
	End                 // the session has ended: the page says so and stops
	Undo                // an answer was refused: the page shows the answer the worker has
)

var stepNames = [...]string{"Proceed", "Wait", "Halt", "End", "Undo"}

func (s Step) String() string {
	if s >= 0 && int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "Step(?)"
}
