package assets

import "embed"

// Workshop are the workshop's pages (issue 5): the participants' page, the
// facilitator's page, the projector wall's page and their stylesheet. The
// pages are html/template files with the texts of wasm/i18n ({{.T.…}}, each
// element naming its text with data-i18n, as the other pages do), which the
// workshop's scripts fill in (join.mjs, wasm/facilitator, wasm/wall);
// assets/build renders, minifies and places them. The
// participants' page has no wasm: its script is join.mjs (issue 17), and
// the build pre-renders the default questionnaire's sections into it.
//
//go:embed workshop/*.html workshop/*.css workshop/join.mjs workshop/wall.mjs
var Workshop embed.FS
