package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"lagesbild/assets"
	"lagesbild/wasm/i18n"
)

// workshopPages are the workshop's pages and where they are served.
var workshopPages = []struct{ src, name, mediatype string }{
	{"workshop/join.html", "join/index.html", "text/html"},         // participants: /join/?code=…
	{"workshop/workshop.html", "workshop/index.html", "text/html"}, // facilitator: /workshop/
	{"workshop/wall.html", "wall/index.html", "text/html"},         // projector: /wall/?code=…
	{"workshop/workshop.css", "workshop.css", "text/css"},          // all three
}

// workshopBinaries are the workshop's wasm binaries, from `make client`.
var workshopBinaries = []string{"join.wasm", "facilitator.wasm", "wall.wasm"}

// workshopPage renders a workshop page: a template with the texts of
// wasm/i18n ({{.T.WJoinTitle}}), each element also naming its text with
// data-i18n, as the other pages do, so the wasm client (wasm/page)
// translates it from the same table.
func workshopPage(src string) ([]byte, error) {
	t, err := template.ParseFS(assets.Workshop, src)
	if err != nil {
		return nil, fmt.Errorf("workshop page %s: %w", src, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, struct{ T *i18n.Strings }{i18n.For(lang)}); err != nil {
		return nil, fmt.Errorf("workshop page %s: %w", src, err)
	}
	return b.Bytes(), nil
}

// workshopFiles adds the workshop's pages, minified, and workshop.version:
// the hashes of its wasm binaries in dir, so that the service worker's
// version (a hash over every file) changes when one of them does, and no
// phone keeps an old binary from its cache.
func workshopFiles(add func(name, mediatype string, b []byte) error, dir string) error {
	for _, p := range workshopPages {
		var b []byte
		var err error
		if strings.HasSuffix(p.src, ".html") {
			b, err = workshopPage(p.src)
		} else {
			b, err = assets.Workshop.ReadFile(p.src)
		}
		if err != nil {
			return fmt.Errorf("workshop page %s: %w", p.src, err)
		}
		if err := add(p.name, p.mediatype, b); err != nil {
			return err
		}
	}
	var version []byte
	for _, bin := range workshopBinaries {
		b, err := os.ReadFile(filepath.Join(dir, bin))
		if err != nil {
			version = fmt.Appendf(version, "%s missing\n", bin)
			continue
		}
		sum := sha256.Sum256(b)
		version = fmt.Appendf(version, "%s %s\n", bin, hex.EncodeToString(sum[:8]))
	}
	return add("workshop.version", "", version)
}
