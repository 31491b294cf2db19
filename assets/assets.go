// Package assets holds the browser client's source files: the page
// templates, the stylesheet, the small scripts (the wasm loader and the
// service worker), the icons and the headers file. The build program
// (assets/build) renders and minifies them into build/public.
package assets

import "embed"

// Files are the templates (templates/*.html) and the static files (static/…).
//
//go:embed templates/*.html static/*.css static/*.js static/icons/*.svg static/_headers
var Files embed.FS
