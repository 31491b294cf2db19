package assets

import "embed"

// Workshop are the workshop's pages (issue 5): the participants' page, the
// facilitator's page, the projector wall's page and their stylesheet. They
// are plain HTML that the workshop's wasm binaries fill in (wasm/join,
// wasm/facilitator, wasm/wall); assets/build minifies and places them.
//
//go:embed workshop/*.html workshop/*.css
var Workshop embed.FS
