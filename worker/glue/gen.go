//go:build ignore

// gen writes layout.mjs from layout.go: `go generate ./worker/glue`.
package main

import (
	"log"
	"os"

	"lagesbild/worker/glue"
)

func main() {
	b, err := glue.LayoutJS()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("layout.mjs", b, 0o644); err != nil {
		log.Fatal(err)
	}
}
