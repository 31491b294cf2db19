// Package i18n holds every text of the browser client's user interface, in
// Swedish (the default) and English, in one table. The build program renders
// the static pages from it and the wasm client translates them with it, so a
// text is written once and both languages always have the same set.
//
// Texts are fields of Strings rather than map keys so that a misspelt name is
// a compile error; the tests check that no field is empty and that both
// languages take the same format arguments.
package i18n

import (
	"math"
	"strconv"
	"strings"
	"unsafe"
)

// Languages the client speaks; the first is the default.
var Languages = []string{"sv", "en"}

// Lang returns lang if the client speaks it, else the default ("sv").
func Lang(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "sv"
}

// Other is the language the toggle switches to.
func Other(lang string) string {
	if Lang(lang) == "en" {
		return "sv"
	}
	return "en"
}

// Strings is every text of the user interface. Fields with format verbs (%d,
// %s) are filled in with Fill; the verbs are the same in both languages.
type Strings struct {
	SiteName       string
	SkipToContent  string
	SiteNav        string
	NavStart       string
	NavCounty      string
	LangToggle     string // the name of the other language, in that language
	LangToggleHelp string
	NoScript       string
	CountyNoScript string // /lan/ without JavaScript
	ResultNoScript string // /resultat/ without JavaScript
	Footer         string
	FooterA11y     string
	FooterData     string

	// Start page.
	StartTitle         string
	StartIntro         string
	StartManagers      string
	StartChoose        string
	Questionnaire      string
	Municipality       string
	MunicipalityChoose string
	Round              string
	RoundHelp          string
	StartButton        string
	StartCountyTitle   string
	StartCountyText    string
	StartCountyLink    string
	StartPrivacy       string

	// Questionnaire page.
	AboutLegend     string
	Role            string
	RoleChef        string
	RoleHandlaggare string
	RoleAnnan       string
	InviteCode      string
	InviteCodeHelp  string
	SectionOf       string // "Avsnitt %d av %d"
	ItemsAnswered   string // "%d av %d frågor besvarade"
	Progress        string
	PrevSection     string
	NextSection     string
	ShowAll         string
	ShowOne         string
	Submit          string
	Draft           string
	Download        string
	Upload          string
	ToResult        string
	ToResultHelp    string

	// Status of the draft and the submission.
	StatusDraftSaved string // "Utkastet är sparat i den här webbläsaren (%s)."
	StatusOffline    string
	StatusSending    string
	StatusRetry      string // "… igen om %d sekunder."
	StatusSent       string
	StatusRejected   string // "… %s"
	StatusRestored   string // "%d svar återställda …"
	StatusFileLoaded string // "%d svar lästa från filen."

	// Sending, beside the send button (issue 13): what happened and the way
	// on; the rounds to choose from.
	SendSentTitle       string
	SendSentText        string
	SendSentFor         string // "… %s … %s": the municipality, the round
	SendRejectedTitle   string
	SendFixCode         string
	SendFixMunicipality string
	SendFixCounty       string
	SendFixRound        string
	SendFixHere         string
	SendKept            string
	RoundChoose         string
	RoundListHelp       string
	RoundsOffline       string // "… %s …": the round kept
	RoundsNone          string
	RoundFixed          string

	// A personal link's panel before the first question (issue 12): whom
	// the respondent answers for, in which round, until when; or what is
	// wrong with the link or code, and what to do. The round's name and
	// %s of a county board are filled in (CountyBoardOf).
	LinkFor            string // "Du svarar för %s"
	LinkLastDay        string
	LinkFromLink       string
	LinkUncheckedTitle string
	LinkOffline        string
	LinkUnreachable    string
	LinkBadTitle       string
	CodeBadTitle       string
	LinkBad            string // "… omgång %s … Be %s om en ny länk."
	LinkOtherTitle     string
	LinkOther          string // "Koden hör till %s, men svaren gäller %s … be %s …"
	LinkNoRoundTitle   string
	LinkNoRound        string // "… ”%s” … be %s …"
	LinkClosedTitle    string
	LinkClosed         string // "Omgång %s … var %s. Kontakta %s …"
	LinkNotOpenTitle   string
	LinkNotOpen        string // "Omgång %s öppnar %s. …"
	LinkFailedTitle    string
	CountyBoardOf      string // "Länsstyrelsen i %s"
	CountyBoardAny     string

	// Errors in text.
	ErrSummary           string
	ErrNoMunicipality    string
	ErrNoCounty          string
	ErrNoRound           string
	ErrUnanswered        string // "Fråga %d är inte besvarad: %s"
	ErrUnansweredMore    string // "… och %d frågor till."
	ErrFile              string // "Filen kunde inte läsas: %s"
	ErrFileQuestionnaire string // "Filen gäller %s, inte den här enkäten."
	FileNotAnswers       string
	FileBadAnswers       string
	ErrStorage           string
	ErrCode              map[string]string // by API error code
	ErrNetwork           string
	ErrHTTP              string // "Servern svarade %d."

	// Result page.
	ResultTitle     string
	ResultIntro     string
	ResultNone      string
	ResultDraftNote string
	ResultSentNote  string
	ResultFor       string // "%s, omgång %s"
	ResultSummary   string
	ScoreOf         string // "%s av 100"
	NoScore         string
	NoScoreShort    string
	BandWeak        string
	BandPartly      string
	BandStrong      string
	DontKnowLine    string // "Vet ej på %d av %d besvarade frågor (%s)."
	DontKnowHigh    string // "Många ”Vet ej” i %s …" (a list of areas)
	And             string
	AdviceTitle     string
	AdviceIntro     string
	AdviceMore      string
	AdviceNone      string
	AnsweredValue   string // "Ert svar: %s"
	CompareTitle    string
	CompareIntro    string
	CompareLoading  string
	CompareFailed   string // "… %s"
	CompareOffline  string
	ColArea         string
	ColOwn          string
	ColCountry      string
	ColCountyN      string // "%d av %d kommuner"
	TooFew          string
	// Similar municipalities (issue 16): SKR's municipality groups.
	ColSimilar       string // "Liknande kommuner (%s)": the group's name
	TooFewMunis      string // a hidden group: "för få kommuner"
	SimilarTitle     string
	SimilarIntro     string
	ColGroup         string
	GroupInCounty    string // "%d i länet"
	SimilarPrev      string // a previous round's row or column: "Liknande kommuner (%s), omgång %s": the group's name, the round
	SimilarPending   string // a private round still open: the groups come with its final release
	NoData           string
	Total            string
	DontKnowMeasure  string
	ChartFrameTitle  string
	ChartTableNote   string
	Print            string
	PrintNote        string
	ResultTablesNote string

	// Scoring v2 on the result page (issue 14): coverage, sections without
	// a score, the total, partial responses, advice after "Vet ej".
	ResultPartial      string
	CoverageLine       string // "Bygger på %d av %d frågor"
	CoverageTooFew     string // "Bara %d av %d frågor har ett svar som räknas"
	CoverageNAOne      string // "%d fråga är ej aktuell"
	CoverageNAMany     string // "%d frågor är ej aktuella"
	SectionTooFew      string
	SectionNA          string
	TooFewShort        string // in tables and charts
	NotApplicableShort string // in tables and charts
	TotalHow           string
	TotalMissing       string // "… Utan resultat: %s." (a list of areas)
	AdviceFindOut      string

	// A municipality's several responses in a round (issue 14): the one
	// that counts, and where they differ.
	SpreadTitle       string
	SpreadIntro       string // "Kommunen har %d svar …"
	SpreadResponse    string // "%s, senast ändrat %s" (role, when)
	SpreadWorkshop    string
	SpreadOfficial    string
	SpreadDifferTitle string
	SpreadDifferIntro string
	SpreadDifferNone  string
	SpreadCount       string // "%d × %s"
	SpreadCounted     string // "Det som räknas: %s."
	SpreadUncounted   string
	SpreadPartial     string

	// County lead's page.
	CountyTitle        string
	CountyIntro        string
	County             string
	CountyChoose       string
	Token              string
	TokenHelp          string
	Show               string
	CountyLoading      string
	CountyResponded    string // "%d av %d kommuner i %s har svarat i omgång %s."
	CountyMunis        string
	CountyMunisTable   string
	ColMunicipality    string
	ColAnswered        string
	Yes                string
	No                 string
	RowsHidden         string
	LegendTitle        string
	LegendText         string
	PosHigh            string
	PosMid             string
	PosLow             string
	PosNone            string
	CountyVsCountry    string
	ColPrevRound       string // "Länet %s"
	ColChange          string
	PercentPoints      string // "%s p.e."
	Exports            string
	ExportCSV          string
	ExportXLSX         string
	ExportJSON         string
	ExportHelp         string
	CountyChartTitle   string
	CountyNoPrev       string
	CountyTokenMissing string
	RowPartial         string // "delvis besvarad"
	RowWorkshop        string // "(från workshop)"
	ChangeNew          string // "ny"
	ChangeNewWhy       string
	ChangeChanged      string // "ändrad"
	ChangeChangedWhy   string

	// The county lead's page, running a round (issue 12; wasm/invite,
	// wasm/app/lead.go): the lead's keys and rounds, the municipalities'
	// invitations and responses, making personal links, the invitation
	// file, the letters (always in Swedish) and reminders.
	LeadRoundsTitle      string
	LeadAddToken         string
	LeadSignOut          string
	LeadSignedOut        string
	LeadRoundsLoading    string
	LeadRoundsLegend     string
	LeadNoRounds         string
	LeadRoundName        string // "Omgång %s"
	LeadRoundProgress    string // "%s: %d av %d kommuner har svarat."
	LeadRoundLastDay     string // "Sista dag att svara: %s."
	LeadRoundClosed      string
	LeadRoundOpenToAll   string
	LeadTokenAdded       string // "… omgång %s i %s."
	LeadTokenEmpty       string
	LeadTokenKnown       string
	LeadTokenUnknown     string
	LeadTokenNotLead     string
	LeadStatusTitle      string
	LeadStatusCaption    string // "… %s, omgång %s"
	LeadSummary          string // "%d av %d … %d …"
	ColPick              string
	ColStatus            string
	ColDate              string
	ColResponses         string
	ColItems             string
	StateNotInvited      string
	StateInvited         string
	StateAnswered        string
	FromWorkshop         string
	ItemsOf              string // "%d av %d"
	PickMunicipality     string // "Välj %s"
	SortedAscending      string // "… %s …"
	SortedDescending     string // "… %s …"
	LeadInviteTitle      string
	LeadInviteHelp       string
	LeadPickUninvited    string
	LeadPickNone         string
	LeadMakeLinks        string
	LeadNothingPicked    string
	LeadContact          string
	LeadContactHelp      string
	LeadRemakeTitle      string
	LeadRemakeText       string // "%s …"
	LeadRemakeConfirm    string
	LeadRemakeCancel     string
	LeadMaking           string
	LeadMade             string // "%d …"
	LeadMadeOne          string
	LeadCodesTitle       string
	LeadCodesOnce        string
	LeadCodesCaption     string // "… %s"
	ColCode              string
	ColLink              string
	LeadDownloadCSV      string
	LeadPrintLetters     string
	LeadFileHelp         string
	LeadRemindTitle      string
	LeadRemindIntro      string
	LeadRemindNone       string
	LeadRemindNoInvites  string
	LeadRemindInvitedOn  string // "%s, inbjuden %s"
	LeadRemindMail       string // "… %s"
	LeadRemindSubject    string // "Ämne: %s"
	LeadRemindTextLabel  string
	LeadRemindCopy       string
	LeadRemindCopied     string
	LeadRemindCopyFailed string
	LeadResultsTitle     string

	// The invitation file's columns, the letters and the reminders: sent
	// to the municipalities, so the page writes them in Swedish.
	FileMunicipality       string
	FileMunicipalityCode   string
	FileCode               string
	FileLink               string
	FileLastDay            string
	LetterFrom             string // "Länsstyrelsen i %s"
	LetterTo               string // "… %s"
	LetterTitle            string // "… %s"
	LetterQuestionnaire    string // "… %s"
	LetterAbout            string
	LetterWho              string
	LetterResult           string
	LetterHowTitle         string
	LetterLink             string
	LetterCode             string
	LetterLastDay          string
	LetterManual           string // "… %s … %s … %s …"
	LetterPersonal         string
	LetterContactTitle     string
	LetterQRLabel          string
	RemindSubject          string // "… %s"
	RemindGreeting         string
	RemindInvited          string // "%s … %s … %s."
	RemindYourMunicipality string
	RemindLastDay          string // "… %s. …"
	RemindNewLink          string
	RemindRegards          string

	// Publications (api.Publication): why county and national figures
	// change in steps, and which step a reader sees.
	PubNone    string // "… minst %d kommuner …"
	PubSeq     string // "… publicering %d, från %s … minst %d kommuner …"
	PubFinal   string // "… gjord %s …"
	PubKept    string // "%s … publicering %d (%s) …"
	PubLive    string // "%s …"
	PubCountry string // the country in PubKept's running text

	// Charts page (drawn by ebiten).
	ChartsPageTitle string
	SeriesOwn       string
	SeriesCountry   string

	// Workshop: participants / facilitator / wall (assets/workshop/join.mjs,
	// which assets/build gives the texts it names, wasm/facilitator,
	// wasm/wall through wasm/workshop). Workshop texts
	// start with W (the wall's with Wall); where the questionnaire's text
	// says the same (SectionOf, PrevSection, Round, Total …) the workshop
	// uses it.
	WJoinTitle     string
	WJoinIntro     string
	WCode          string
	WCodeHelp      string
	WJoinButton    string
	WBadCode       string
	WJoining       string
	WNoSession     string // "… med koden %s …"
	WExpired       string
	WEnded         string
	WLocked        string
	WLockedRefused string
	WSaving        string
	WSaved         string
	WRetrying      string
	WBusy          string
	WAllAnswered   string
	WAnonymous     string
	WParticipantOf string // "Workshop %s"
	WRoomFull      string

	WLeadTitle        string
	WLeadIntro        string
	WQuestionnaire    string
	WCreateButton     string
	WCreating         string
	WWrongLink        string
	WJoinHere         string // "Deltagarna går till %s …"
	WOpenWall         string
	WPrivateLink      string
	WPrivateLinkHelp  string
	WQRAlt            string // "QR-kod till %s"
	WControls         string
	WSectionLabel     string
	WSectionCol       string
	WLockHeading      string
	WLockItem         string // "Lås fråga %d"
	WReveal           string
	WRevealHelp       string // "… minst %d har svarat."
	WEnd              string
	WEndConfirm       string
	WEndCancel        string
	WEndedLead        string
	WRoomSize         string
	WRoomSizeHelp     string
	WRoomSizeButton   string
	WWallPromiseTitle string
	WWallPromise      string // "… färre än %d personer … minst %d … minst %d andras … minst %d svar …"
	WWallCannot       string
	WStatus           string // "%d deltagare · %d har svarat"
	WRoomAnswers      string
	WItem             string
	WAnswers          string
	WHidden           string
	WHiddenNote       string // "… minst %d har svarat …"
	WItemHiddenNote   string // "… färre än %d …"
	WScores           string
	WScore            string
	WScoreNote        string
	WSaveHeading      string
	WSaveIntro        string
	WRoundHelp        string
	WInviteCode       string
	WInviteCodeHelp   string
	WMunicipality     string
	WMunicipalityHelp string
	WNotSettled       string
	WSaveButton       string
	WSavedCreated     string // "… omgång %s (kommun %s)."
	WSavedUpdated     string // "… omgång %s (kommun %s) …"
	WSavedUnchanged   string // "… omgång %s (kommun %s) …"
	WSkippedItems     string // "… %s."

	WallAnswerOnPhone string
	WallGoTo          string
	WallCode          string
	WallHidden        string // "… minst %d har svarat …"
	WallItemHidden    string // "… minst %d har svarat …"
	WallScores        string
	WallEnded         string

	// The facilitator's presenter view (issue 17).
	StartWorkshopTitle string
	StartWorkshopText  string
	StartWorkshopLink  string
	WRevealSection     string
	WShortcuts         string
	WShortcutsHelp     string
	WallShortcutsHelp  string
	WMySessions        string
	WMySessionsWarning string
	WCopyLink          string
	WCopied            string
	WCopyFailed        string
	WOpenSession       string
	WSessionMade       string // "Skapad %s"
	WSummary           string
	WTie               string // "… lika många: %s …"
	WTieUnchosen       string // "… (%s) …"
	WExportHeading     string
	WExportHelp        string
	WExportCSV         string
	WPrint             string
	WCSVSection        string
	WCSVNumber         string
	WCSVOption         string
	WCSVCount          string
	WCSVShare          string
	WCSVItemN          string
	WCSVScore          string
	WallAnswers        string // "%d svar"

	// The coordinator's page (/samordning/, with the admin token;
	// wasm/coordinator): the rounds, their dates, and the county leads'
	// keys. Its texts start with Coord.
	NavCoordinator          string
	CoordTitle              string
	CoordIntro              string
	CoordNoScript           string
	CoordSignInTitle        string
	CoordAdminToken         string
	CoordAdminTokenHelp     string
	CoordSignIn             string
	CoordSignedIn           string
	CoordSignOut            string
	CoordSignedOut          string
	CoordNoToken            string
	CoordTokenRefused       string
	CoordRoundsTitle        string
	CoordRoundsCaption      string
	CoordRoundsLoading      string
	CoordRoundsNone         string
	CoordRoundsFailed       string // "… %s"
	CoordColRound           string
	CoordColQuestionnaire   string
	CoordColPeriod          string
	CoordColState           string
	CoordColPrevious        string
	CoordColAnswered        string
	CoordInvited            string // "%d har fått kod"
	CoordColAction          string
	CoordVersionOf          string // "%s, version %d"
	CoordStateOpen          string
	CoordStateClosed        string
	CoordStateNotYet        string
	CoordWhoAll             string
	CoordWhoCode            string
	CoordNone               string
	CoordOfMunicipalities   string // "%d av %d"
	CoordManage             string
	CoordRoundNamed         string // "omgång %s"
	CoordNewTitle           string
	CoordVersion            string
	CoordVersionHelp        string
	CoordVersionLatest      string // "%d (senaste)"
	CoordID                 string
	CoordIDHelp             string
	CoordOpens              string
	CoordLastDay            string
	CoordDatesHelp          string
	CoordOpenToAll          string
	CoordOpenToAllHelp      string
	CoordPrevious           string
	CoordPreviousHelp       string
	CoordPreviousOpen       string // "%s (öppen för alla)"
	CoordPreviousPrivate    string // "%s (med kod)"
	CoordCreate             string
	CoordCreating           string
	CoordCreated            string // "Omgång %s …"
	CoordErrID              string
	CoordErrIDTaken         string
	CoordErrQuestionnaire   string
	CoordErrOpens           string
	CoordErrLastDay         string
	CoordErrOrder           string
	CoordErrPrevious        string
	CoordErrPreviousPrivate string
	CoordErrLastDayPassed   string
	CoordErrLastDayBad      string
	CoordRoundTitle         string // "Omgång %s"
	CoordDatesTitle         string
	CoordSaveDates          string
	CoordDatesSaved         string
	CoordDatesUnchanged     string
	CoordCloseNow           string
	CoordCloseConfirm       string
	CoordCancel             string
	CoordClosedNow          string // "Omgång %s …"
	CoordIsClosed           string
	CoordTokensTitle        string
	CoordTokensIntro        string
	CoordTokensCaption      string
	CoordColCreated         string
	CoordRevoke             string
	CoordKeysOf             string // "nycklarna för %s"
	CoordRevokeQuestion     string // "… %s … %s …"
	CoordRevokeConfirm      string
	CoordRevoked            string // "… %s …"
	CoordTokensNone         string
	CoordTokensListFailed   string // "… %s"
	CoordMakeTitle          string
	CoordCountiesLegend     string
	CoordAllCounties        string
	CoordMakeHelp           string
	CoordMakeTokens         string
	CoordMaking             string
	CoordErrNoCounty        string
	CoordTokensMade         string // "%d …"
	CoordOnceTitle          string
	CoordOnceWarning        string
	CoordOnceCaption        string // "… %s"
	CoordColCode            string
	CoordColToken           string
	CoordColLink            string
	CoordCopy               string
	CoordKeyOf              string // "nyckeln för %s"
	CoordCopied             string // "… %s …"
	CoordCopyFailed         string // "… %s …"
	CoordDownload           string
	CoordCSVFile            string // "nycklar-%s.csv"
	CoordHideTokens         string

	// Tables (issue 13): the hint on a table wider than its region.
	TableScrollHint string
	// The result on another device, and the receipt (issue 13).
	ReopenTitle              string
	ReopenIntro              string
	ReopenMunicipality       string
	ReopenRound              string
	ReopenRoundOfCode        string
	ReopenCode               string
	ReopenButton             string
	ReopenLoading            string
	ReopenNone               string
	ReopenFailed             string
	ReopenNoRound            string
	ReopenChooseMunicipality string
	ReopenFrom               string
	ReceiptTitle             string
	ReceiptIntro             string
	ReceiptShow              string
	ReceiptNone              string

	// Action plans (issue 15): the result page's plan, its printout and
	// follow-up, and the county lead's table.
	PlanTitle              string
	PlanIntro              string
	PlanProposalsTitle     string
	PlanProposalsIntro     string
	PlanProposalsNone      string
	PlanAdd                string
	PlanInPlan             string
	PlanUnanswered         string
	PlanRowsTitle          string
	PlanEmpty              string
	PlanWhole              string
	PlanClosedCount        string
	PlanRowLegend          string
	PlanAnswerNow          string
	PlanCarriedNote        string
	PlanRevisedNote        string
	PlanClosedNote         string
	PlanRowWhole           string
	PlanRowLacks           string
	PlanFieldProblem       string
	PlanFieldGoal          string
	PlanFieldTargetGroup   string
	PlanFieldMeasure       string
	PlanFieldTarget        string
	PlanTargetChoose       string
	PlanFieldCount         string
	PlanFieldCountHelp     string
	PlanFieldResponsible   string
	PlanFieldBody          string
	PlanBodyChoose         string
	PlanBodySocialnamnd    string
	PlanBodyKommunstyrelse string
	PlanBodyForvaltning    string
	PlanBodyLansledning    string
	PlanFieldFollowUp      string
	PlanFieldFollowUpBy    string
	PlanRemove             string
	PlanClose              string
	PlanReopen             string
	PlanSave               string
	PlanPrint              string
	PlanCSV                string
	PlanSaving             string
	PlanSaved              string
	PlanSaveOffline        string
	PlanSaveNoCode         string
	PlanSaveRejected       string
	PlanSaveField          string
	PlanSaveFieldLink      string
	PlanKept               string
	PlanFromWorker         string
	PlanFromDraft          string
	PlanLoadFailed         string
	PlanPrintTitle         string
	PlanPrintAbout         string
	PlanPrintEmpty         string
	PlanPrintContinued     string
	PlanPrintDecision      string
	PlanMissing            string
	PlanColItem            string
	PlanColAnswer          string
	PlanColProblem         string
	PlanColGoal            string
	PlanColTargetGroup     string
	PlanColMeasure         string
	PlanColTarget          string
	PlanColCount           string
	PlanColResponsible     string
	PlanColBody            string
	PlanColFollowUp        string
	PlanIndicatorText      string
	PlanFollowUpText       string
	PlanStatusOpen         string
	PlanStatusCarried      string
	PlanStatusRevised      string
	PlanStatusClosed       string
	PlanFollowTitle        string
	PlanFollowIntro        string
	PlanFollowNoAnswers    string
	PlanFollowRowsCap      string
	PlanColThen            string
	PlanColNow             string
	PlanColOutcome         string
	PlanColActions         string
	PlanOutcomeMet         string
	PlanOutcomePartly      string
	PlanOutcomeNotMet      string
	PlanOutcomeUnknown     string
	PlanClosedThen         string
	PlanOverdue            string
	PlanCarry              string
	PlanCarryClose         string
	PlanCarried            string
	PlanItemGone           string
	PlanNoAnswer           string
	PlanFollowItemsCap     string
	PlanColChange          string
	PlanChangeBetter       string
	PlanChangeWorse        string
	PlanChangeSame         string
	PlanChangeNew          string
	PlanChangeNA           string
	PlanCountyTitle        string
	PlanCountyIntro        string
	PlanCountyCaption      string
	PlanColPlan            string
	PlanYes                string
	PlanNo                 string
	PlanColWhole           string
	PlanWholeShort         string
	PlanColMet             string
	PlanColPartly          string
	PlanColNotMet          string
	PlanAreasCaption       string
	PlanColMunicipalities  string
	PlanColRows            string
	PlanColWholeRows       string
	PlanColMetOf           string
	PlanCountyLoading      string
	PlanCountyFailed       string

	IndTitle        string
	IndIntro        string
	IndPending      string
	IndPendingShort string
	IndCaption      string
	IndColIndicator string
	IndColCounty    string
	IndColNotMet    string
	IndMetOf        string
	IndNotMetOne    string
	IndNotMetMany   string
	IndExportCSV    string
	IndExportXLSX   string
	IndExportJSON   string
	IndFailed       string

	RegTitle      string
	RegIntro      string
	RegShared     string
	RegSharedNone string
	RegPending    string
	RegColRegion  string
	RegWithheld   string
	RegNoLists    string
	RegNoneNotMet string
	RegFailed     string
	ShareLabel    string
	ShareHelp     string
	ShareOn       string
	ShareOff      string
	ShareFailed   string

	CoordRegionsLegend string
	CoordRegionsHelp   string
	IndChartTitle      string
	IndChartFrame      string
	IndChartNote       string
	IndChartShow       string
	IndColChart        string
	IndChartNow        string
	IndChartPrev       string
	IndColOwn          string
	IndOwnNone         string
	IndOwnBeside       string
	IndOwnTitle        string
	IndOwnIntro        string
	IndOwnCaption      string
	IndOwnColItem      string
	IndOwnFailed       string
}

// For returns the texts of lang (Swedish for anything but "en").
func For(lang string) *Strings {
	if Lang(lang) == "en" {
		return &en
	}
	return &sv
}

// Lookup returns the text named by a field of Strings, for the static pages'
// data-i18n attributes. ok is false for an unknown name. (A generated table,
// lookup.go, rather than reflect: reflect would make the questionnaire
// runner's wasm much bigger. TestLookup checks every name against reflect.)
func Lookup(lang, name string) (string, bool) {
	s := For(lang)
	lo, hi := 0, len(fields)
	for lo < hi { // binary search: fields is sorted by name
		m := int(uint(lo+hi) >> 1)
		if fields[m].name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(fields) || fields[lo].name != name {
		return "", false
	}
	return *(*string)(unsafe.Add(unsafe.Pointer(s), fields[lo].offset)), true
}

// field is a text field of Strings: its name and offset (lookup.go).
type field struct {
	name   string
	offset uintptr
}

// Fill puts args into a text's verbs in order: %d takes an int, %s a string,
// %% is a percent sign. It is fmt.Sprintf for the two verbs the texts use,
// without fmt's weight in the wasm binaries.
func Fill(format string, args ...any) string {
	var b strings.Builder
	b.Grow(len(format) + 16)
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		switch format[i] {
		case '%':
			b.WriteByte('%')
			continue
		case 'd', 's':
		default:
			b.WriteByte('%')
			b.WriteByte(format[i])
			continue
		}
		if len(args) == 0 {
			b.WriteString("%!" + string(format[i]) + "(MISSING)")
			continue
		}
		switch a := args[0].(type) {
		case int:
			b.WriteString(strconv.Itoa(a))
		case string:
			b.WriteString(a)
		case interface{ Error() string }:
			b.WriteString(a.Error())
		default:
			b.WriteString("?")
		}
		args = args[1:]
	}
	return b.String()
}

// Code returns the text for an API error code, falling back to the text for
// an internal error.
func (s *Strings) Code(code string) string {
	if t, ok := s.ErrCode[code]; ok {
		return t
	}
	return s.ErrCode["internal"]
}

// List joins items as people write them: "a, b och c".
func List(lang string, items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + For(lang).And + " " + items[len(items)-1]
}

// Number formats v with the given decimals in lang's style: "67,5" in
// Swedish, "67.5" in English. A minus sign is the typographic one, as
// Swedish style guides ask.
func Number(lang string, v float64, decimals int) string {
	s := strconv.FormatFloat(round(v, decimals), 'f', decimals, 64)
	if Lang(lang) == "sv" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return strings.Replace(s, "-", "−", 1)
}

// Percent formats a share (0–1) as a whole percentage: "25 %" in Swedish,
// "25%" in English.
func Percent(lang string, share float64) string {
	n := Number(lang, share*100, 0)
	if Lang(lang) == "sv" {
		return n + "\u00a0%"
	}
	return n + "%"
}

// Score formats a score 0–100 with one decimal, dropping ",0".
func Score(lang string, v float64) string {
	if r := round(v, 1); r == math.Trunc(r) {
		return Number(lang, r, 0)
	}
	return Number(lang, v, 1)
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}
