package workshop

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Texts are the workshop pages' texts in one language. They are kept here
// rather than in wasm/i18n so the workshop's pages need none of the
// questionnaire runner's; the language choice is shared (LangKey).
type Texts struct {
	Lang       string
	LangToggle string // the other language's name, in that language

	// Participants.
	JoinTitle     string
	JoinIntro     string
	Code          string
	CodeHelp      string
	JoinButton    string
	BadCode       string
	Joining       string
	NoSession     string // %s: the code
	Expired       string
	Ended         string
	SectionOf     string // %d of %d
	Locked        string
	LockedRefused string
	Saving        string
	Saved         string
	Retrying      string
	Busy          string
	AllAnswered   string
	Anonymous     string
	WaitingStart  string
	Problem       string // %s: what went wrong
	ParticipantOf string // "Deltagare i workshop %s"

	// Facilitator.
	LeadTitle        string
	LeadIntro        string
	Questionnaire    string
	CreateButton     string
	Creating         string
	WrongLink        string
	JoinHere         string // %s: the address
	OpenWall         string
	PrivateLink      string
	PrivateLinkHelp  string
	QRAlt            string // %s: the address
	Controls         string
	SectionLabel     string
	SectionCol       string
	Prev             string
	Next             string
	LockHeading      string
	LockItem         string // %s: the item's number
	Reveal           string
	RevealHelp       string // %d: k
	End              string
	EndConfirm       string
	EndCancel        string
	EndedLead        string
	Status           string // %d participants, %d answered
	RoomAnswers      string
	Item             string
	Answers          string
	Hidden           string
	HiddenNote       string // %d: k
	ItemHiddenNote   string // %d: k
	Scores           string
	Score            string
	Respondents      string
	ScoreNote        string
	SaveHeading      string
	SaveIntro        string
	Round            string
	RoundHelp        string
	InviteCode       string
	InviteCodeHelp   string
	Municipality     string
	MunicipalityHelp string
	NotSettled       string
	SaveButton       string
	SavedCreated     string // %s round, %s municipality
	SavedUpdated     string
	SavedUnchanged   string
	SkippedItems     string // %s: the items
	Total            string
	DontKnowShare    string

	// Wall.
	WallAnswerOnPhone string
	WallGoTo          string
	WallCode          string
	WallHidden        string // %d: k
	WallItemHidden    string // %d: k
	WallScores        string
	WallEnded         string
	WallAnswers       string // %d answers
	WallNoSession     string
}

var sv = Texts{
	Lang:       "sv",
	LangToggle: "English",

	JoinTitle:     "Delta i workshoppen",
	JoinIntro:     "Skriv koden som visas i rummet. Du svarar anonymt: inget namn och inget konto.",
	Code:          "Kod",
	CodeHelp:      "Sex tecken, till exempel ACD EFG.",
	JoinButton:    "Gå med",
	BadCode:       "Koden ska vara sex bokstäver och siffror, till exempel ACD EFG.",
	Joining:       "Ansluter …",
	NoSession:     "Det finns ingen workshop med koden %s. Kontrollera koden.",
	Expired:       "Workshoppen har gått ut: den har inte använts på 48 timmar.",
	Ended:         "Workshoppen är avslutad. Tack för dina svar!",
	SectionOf:     "Avsnitt %d av %d",
	Locked:        "Låst av ledaren",
	LockedRefused: "Frågan är låst av ledaren. Svaret sparades inte.",
	Saving:        "Sparar …",
	Saved:         "Svaret är sparat.",
	Retrying:      "Kunde inte spara. Försöker igen …",
	Busy:          "Många svarar just nu. Försöker igen om en stund …",
	AllAnswered:   "Du har svarat på alla frågor i avsnittet. Ledaren går vidare när rummet är klart.",
	Anonymous:     "Du är anonym. Dina svar finns kvar på den här enheten om du laddar om sidan.",
	WaitingStart:  "Hämtar frågorna …",
	Problem:       "Något gick fel: %s",
	ParticipantOf: "Workshop %s",

	LeadTitle:        "Leda en workshop",
	LeadIntro:        "Deltagarna svarar anonymt på sina telefoner. Väggen visar rummets svar när minst tre har svarat och du visar dem.",
	Questionnaire:    "Frågeformulär",
	CreateButton:     "Starta workshop",
	Creating:         "Startar …",
	WrongLink:        "Ledarlänken stämmer inte för den här workshoppen. Använd länken du fick när du startade den.",
	JoinHere:         "Deltagarna går till %s och skriver koden:",
	OpenWall:         "Öppna väggen för projektorn",
	PrivateLink:      "Din ledarlänk",
	PrivateLinkHelp:  "Spara länken: den är din nyckel till workshoppen. Dela den inte.",
	QRAlt:            "QR-kod till %s",
	Controls:         "Styr rummet",
	SectionLabel:     "Avsnitt som rummet svarar på",
	SectionCol:       "Avsnitt",
	Prev:             "Föregående avsnitt",
	Next:             "Nästa avsnitt",
	LockHeading:      "Lås frågor",
	LockItem:         "Lås fråga %s",
	Reveal:           "Visa resultaten för rummet",
	RevealHelp:       "Resultaten visas först när minst %d har svarat.",
	End:              "Avsluta workshoppen",
	EndConfirm:       "Ja, avsluta. Inga fler svar tas emot.",
	EndCancel:        "Avbryt",
	EndedLead:        "Workshoppen är avslutad. Resultaten finns kvar i 48 timmar.",
	Status:           "%d deltagare · %d har svarat",
	RoomAnswers:      "Rummets svar",
	Item:             "Fråga",
	Answers:          "Svar",
	Hidden:           "dolt",
	HiddenNote:       "Resultat visas när minst %d har svarat och ledaren visar dem.",
	ItemHiddenNote:   "Frågor som färre än %d har svarat på visas inte.",
	Scores:           "Rummets poäng per avsnitt",
	Score:            "Poäng (0–100)",
	Respondents:      "Svarande",
	ScoreNote:        "Medelvärdet av deltagarnas poäng i avsnittet.",
	SaveHeading:      "Spara som kommunens svar",
	SaveIntro:        "Välj för varje fråga det svar som rummet enas om. Förvalt är det vanligaste svaret i rummet.",
	Round:            "Omgång",
	RoundHelp:        "Till exempel 2026. Omgången ska använda kommunens självskattning.",
	InviteCode:       "Kommunens inbjudningskod",
	InviteCodeHelp:   "Koden som kommunen fick från länsstyrelsen. Den sparas inte här.",
	Municipality:     "Kommunkod",
	MunicipalityHelp: "Behövs bara om koden inte är en kommuns, till exempel 0180.",
	NotSettled:       "Inte bestämt",
	SaveButton:       "Spara i omgången",
	SavedCreated:     "Sparat som kommunens svar i omgång %s (kommun %s).",
	SavedUpdated:     "Kommunens svar i omgång %s (kommun %s) är uppdaterat.",
	SavedUnchanged:   "Kommunens svar i omgång %s (kommun %s) var redan sparat så.",
	SkippedItems:     "Finns inte i omgångens formulär och sparades inte: %s.",
	Total:            "Totalt",
	DontKnowShare:    "Andel Vet ej",

	WallAnswerOnPhone: "Svara på mobilen",
	WallGoTo:          "Gå till",
	WallCode:          "och skriv koden",
	WallHidden:        "Resultat visas när minst %d har svarat och ledaren visar dem",
	WallItemHidden:    "Visas när minst %d har svarat på frågan",
	WallScores:        "Rummets poäng",
	WallEnded:         "Workshoppen är avslutad",
	WallAnswers:       "%d svar",
	WallNoSession:     "Ingen workshop med koden",
}

var en = Texts{
	Lang:       "en",
	LangToggle: "Svenska",

	JoinTitle:     "Join the workshop",
	JoinIntro:     "Enter the code shown in the room. You answer anonymously: no name and no account.",
	Code:          "Code",
	CodeHelp:      "Six characters, for example ACD EFG.",
	JoinButton:    "Join",
	BadCode:       "The code is six letters and digits, for example ACD EFG.",
	Joining:       "Joining …",
	NoSession:     "There is no workshop with the code %s. Check the code.",
	Expired:       "The workshop has expired: it was not used for 48 hours.",
	Ended:         "The workshop has ended. Thank you for your answers!",
	SectionOf:     "Section %d of %d",
	Locked:        "Locked by the facilitator",
	LockedRefused: "The question is locked by the facilitator. The answer was not saved.",
	Saving:        "Saving …",
	Saved:         "Your answer is saved.",
	Retrying:      "Could not save. Trying again …",
	Busy:          "Many are answering right now. Trying again in a moment …",
	AllAnswered:   "You have answered every question in this section. The facilitator moves on when the room is ready.",
	Anonymous:     "You are anonymous. Your answers stay on this device if you reload the page.",
	WaitingStart:  "Loading the questions …",
	Problem:       "Something went wrong: %s",
	ParticipantOf: "Workshop %s",

	LeadTitle:        "Run a workshop",
	LeadIntro:        "Participants answer anonymously on their phones. The wall shows the room's answers once at least three have answered and you reveal them.",
	Questionnaire:    "Questionnaire",
	CreateButton:     "Start a workshop",
	Creating:         "Starting …",
	WrongLink:        "The facilitator link does not match this workshop. Use the link you got when you started it.",
	JoinHere:         "Participants go to %s and enter the code:",
	OpenWall:         "Open the wall for the projector",
	PrivateLink:      "Your facilitator link",
	PrivateLinkHelp:  "Keep this link: it is your key to the workshop. Do not share it.",
	QRAlt:            "QR code for %s",
	Controls:         "Lead the room",
	SectionLabel:     "Section the room answers",
	SectionCol:       "Section",
	Prev:             "Previous section",
	Next:             "Next section",
	LockHeading:      "Lock questions",
	LockItem:         "Lock question %s",
	Reveal:           "Reveal the results to the room",
	RevealHelp:       "Results show only once at least %d have answered.",
	End:              "End the workshop",
	EndConfirm:       "Yes, end it. No more answers are taken.",
	EndCancel:        "Cancel",
	EndedLead:        "The workshop has ended. The results are kept for 48 hours.",
	Status:           "%d participants · %d have answered",
	RoomAnswers:      "The room's answers",
	Item:             "Question",
	Answers:          "Answers",
	Hidden:           "hidden",
	HiddenNote:       "Results show once at least %d have answered and the facilitator reveals them.",
	ItemHiddenNote:   "Questions fewer than %d have answered are not shown.",
	Scores:           "The room's score per section",
	Score:            "Score (0–100)",
	Respondents:      "Respondents",
	ScoreNote:        "The mean of the participants' scores in the section.",
	SaveHeading:      "Save as the municipality's response",
	SaveIntro:        "Choose for each question the answer the room agrees on. The room's most common answer is preselected.",
	Round:            "Round",
	RoundHelp:        "For example 2026. The round must use the municipal self-assessment.",
	InviteCode:       "The municipality's invite code",
	InviteCodeHelp:   "The code the municipality got from the county administrative board. It is not kept here.",
	Municipality:     "Municipality code",
	MunicipalityHelp: "Only needed if the code is not a municipality's, for example 0180.",
	NotSettled:       "Not decided",
	SaveButton:       "Save into the round",
	SavedCreated:     "Saved as the municipality's response in round %s (municipality %s).",
	SavedUpdated:     "The municipality's response in round %s (municipality %s) is updated.",
	SavedUnchanged:   "The municipality's response in round %s (municipality %s) was already saved like this.",
	SkippedItems:     "Not in the round's questionnaire, so not saved: %s.",
	Total:            "Total",
	DontKnowShare:    "Share of Don't know",

	WallAnswerOnPhone: "Answer on your phone",
	WallGoTo:          "Go to",
	WallCode:          "and enter the code",
	WallHidden:        "Results show once at least %d have answered and the facilitator reveals them",
	WallItemHidden:    "Shown once at least %d have answered the question",
	WallScores:        "The room's score",
	WallEnded:         "The workshop has ended",
	WallAnswers:       "%d answers",
	WallNoSession:     "No workshop with the code",
}

// LangKey is where the client keeps the chosen language (shared with the
// questionnaire runner, wasm/app).
const LangKey = "lagesbild:lang"

// T returns the texts of a language; anything but "en" is Swedish.
func T(lang string) *Texts {
	if lang == "en" {
		return &en
	}
	return &sv
}

// Other is the language the toggle switches to.
func Other(lang string) string {
	if lang == "en" {
		return "sv"
	}
	return "en"
}

// FormatCode shows a join code in two groups, as it is read aloud: "ACD EFG".
func FormatCode(code string) string {
	if len(code) != 6 {
		return code
	}
	return code[:3] + " " + code[3:]
}

// Score formats a 0–100 score for a language: one decimal, with a decimal
// comma in Swedish; "–" for none.
func Score(v *float64, lang string) string {
	if v == nil {
		return "–"
	}
	s := strconv.FormatFloat(*v, 'f', 0, 64)
	if *v != float64(int(*v)) {
		s = strconv.FormatFloat(*v, 'f', 1, 64)
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Percent formats n of total as a whole percentage ("44 %" in Swedish,
// "44%" in English).
func Percent(n, total int, lang string) string {
	p := 0
	if total > 0 {
		p = (n*100 + total/2) / total
	}
	if lang == "en" {
		return fmt.Sprintf("%d%%", p)
	}
	return fmt.Sprintf("%d\u00a0%%", p)
}

// Lookup returns the text named key (a field of Texts) in a language; the
// pages name their static texts with data-w="Key".
func Lookup(lang, key string) (string, bool) {
	f := reflect.ValueOf(T(lang)).Elem().FieldByName(key)
	if !f.IsValid() || f.Kind() != reflect.String {
		return "", false
	}
	return f.String(), true
}
