package worker

// The texts of the worker's HTML pages (form.go), in Swedish and English,
// addressing the reader as "du". They are the worker's own, not wasm/i18n's:
// that table is the browser client's (some 600 texts and their generated
// lookup), which the worker would carry whole for the 30 it needs here, and
// the worker imports nothing of the browser client. The texts say the same
// as the client's for the same problems.
type formTexts struct {
	Lang, Site string

	ProblemTitle, NothingStored, GoBack, ToForm, Question   string
	ReceiptTitle, Stored, Sent, ResponseID, Print, ToResult string

	Municipality, County, Round, Role, Code, Questionnaire, Form string

	Repeated, OldForm, Both, NoSuchMunicipality, NoSuchCounty, ChooseMunicipality, ChooseCounty string
	NoRound, NoSuchRound, RoundNotOpen, RoundClosed, BadRole                                    string
	Unanswered, NotAnOption, NoSuchItem                                                         string
	CodeNeeded, CodeInvalid, CodeOtherUnit                                                      string
	Unreadable, TooLarge, Internal                                                              string
}

var formSV = formTexts{
	Lang: "sv", Site: "Lägesbild",

	ProblemTitle:  "Svaren kunde inte sparas",
	NothingStored: "Ingenting har sparats. Rätta det som står nedan och skicka svaren igen.",
	GoBack:        "Gå tillbaka till enkäten med webbläsarens bakåtknapp: där finns dina svar kvar.",
	ToForm:        "Till enkäten (utan dina svar)",
	Question:      "Fråga",
	ReceiptTitle:  "Kvitto på dina svar",
	Stored:        "Svaren är sparade. Spara eller skriv ut sidan om du vill ha ett kvitto.",
	Sent:          "Sparat",
	ResponseID:    "Svarets id",
	Print:         "Skriv ut sidan med webbläsarens utskriftsfunktion; kvittot får plats på en A4-sida.",
	ToResult:      "Se resultatet för din kommun",

	Municipality: "Kommun", County: "Län", Round: "Omgång", Role: "Din roll", Code: "Inbjudningskod",
	Questionnaire: "Enkät", Form: "Formuläret",

	Repeated:           "Fältet skickades mer än en gång. Skicka formuläret från enkätens sida.",
	OldForm:            "Sidan hör till en annan version av enkäten. Ladda om enkäten och svara igen.",
	Both:               "Välj antingen kommun eller län, inte båda.",
	NoSuchMunicipality: "Välj en kommun i listan.",
	NoSuchCounty:       "Välj ett län i listan.",
	ChooseMunicipality: "Välj din kommun.",
	ChooseCounty:       "Välj ditt län.",
	NoRound:            "Skriv vilken omgång du svarar i.",
	NoSuchRound:        "Det finns ingen omgång med det namnet. Kontrollera namnet i din inbjudan.",
	RoundNotOpen:       "Omgången har inte öppnat än. Svara när den har öppnat.",
	RoundClosed:        "Omgången har stängt och tar inte emot fler svar.",
	BadRole:            "Välj en roll i listan.",
	Unanswered:         "Frågan är inte besvarad. Välj ett svar, eller ”Vet ej”.",
	NotAnOption:        "Svaret är inte ett av frågans svarsalternativ. Välj ett av dem.",
	NoSuchItem:         "Enkäten har ingen sådan fråga. Ladda om enkäten och svara igen.",
	CodeNeeded:         "Omgången kräver en inbjudningskod. Skriv koden från din inbjudan.",
	CodeInvalid:        "Koden gäller inte i den här omgången. Kontrollera att du har skrivit den rätt.",
	CodeOtherUnit:      "Koden gäller en annan kommun eller ett annat län än det du har valt.",
	Unreadable:         "Formuläret kunde inte läsas. Skicka det från enkätens sida.",
	TooLarge:           "Formuläret är för stort för att tas emot.",
	Internal:           "Något gick fel hos oss. Försök igen om en stund.",
}

var formEN = formTexts{
	Lang: "en", Site: "Lägesbild",

	ProblemTitle:  "Your answers could not be saved",
	NothingStored: "Nothing has been saved. Correct what is listed below and send your answers again.",
	GoBack:        "Go back to the questionnaire with your browser's back button: your answers are still there.",
	ToForm:        "To the questionnaire (without your answers)",
	Question:      "Question",
	ReceiptTitle:  "Receipt for your answers",
	Stored:        "Your answers are saved. Save or print this page if you want a receipt.",
	Sent:          "Saved",
	ResponseID:    "Response id",
	Print:         "Print this page with your browser's print function; the receipt fits on one A4 page.",
	ToResult:      "See the result for your municipality",

	Municipality: "Municipality", County: "County", Round: "Round", Role: "Your role", Code: "Invitation code",
	Questionnaire: "Questionnaire", Form: "The form",

	Repeated:           "The field was sent more than once. Send the form from the questionnaire's page.",
	OldForm:            "The page belongs to another version of the questionnaire. Reload the questionnaire and answer again.",
	Both:               "Choose either a municipality or a county, not both.",
	NoSuchMunicipality: "Choose a municipality in the list.",
	NoSuchCounty:       "Choose a county in the list.",
	ChooseMunicipality: "Choose your municipality.",
	ChooseCounty:       "Choose your county.",
	NoRound:            "Enter the round you are answering in.",
	NoSuchRound:        "There is no round with that name. Check the name in your invitation.",
	RoundNotOpen:       "The round has not opened yet. Answer once it has opened.",
	RoundClosed:        "The round has closed and takes no more answers.",
	BadRole:            "Choose a role in the list.",
	Unanswered:         "The question is not answered. Choose an answer, or “Don't know”.",
	NotAnOption:        "The answer is not one of the question's options. Choose one of them.",
	NoSuchItem:         "The questionnaire has no such question. Reload the questionnaire and answer again.",
	CodeNeeded:         "The round needs an invitation code. Enter the code from your invitation.",
	CodeInvalid:        "The code is not valid in this round. Check that you typed it correctly.",
	CodeOtherUnit:      "The code is for another municipality or county than the one you chose.",
	Unreadable:         "The form could not be read. Send it from the questionnaire's page.",
	TooLarge:           "The form is too large to be received.",
	Internal:           "Something went wrong on our side. Try again in a while.",
}

// textsFor is the table of a language: English for "en", else Swedish.
func textsFor(lang string) *formTexts {
	if lang == "en" {
		return &formEN
	}
	return &formSV
}

// field names a field of the form; an unknown one (an answer to no item
// of the questionnaire) by its name as posted.
func (t *formTexts) field(name string) string {
	switch name {
	case fieldMunicipality:
		return t.Municipality
	case fieldCounty:
		return t.County
	case fieldRound:
		return t.Round
	case fieldRole:
		return t.Role
	case fieldCode:
		return t.Code
	case fieldQuestionnaire, fieldVersion, fieldID:
		return t.Form
	}
	return name
}
