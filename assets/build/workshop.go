package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"lagesbild/assets"
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

// workshopFiles adds the workshop's pages, minified, and workshop.version:
// the hashes of its wasm binaries in dir, so that the service worker's
// version (a hash over every file) changes when one of them does, and no
// phone keeps an old binary from its cache.
func workshopFiles(add func(name, mediatype string, b []byte) error, dir string) error {
	for _, p := range workshopPages {
		b, err := assets.Workshop.ReadFile(p.src)
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
