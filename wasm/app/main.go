//go:build js && wasm

// Command app is the browser client for every page but the questionnaire
// (that is wasm/form, kept small), compiled to WebAssembly. It takes over
// pages that work without it (assets/build renders them): it computes the
// result with the core's own scoring from the draft the questionnaire page
// saved, fills the result and county pages from the API, and runs the
// coordinator's page (rounds and county leads' keys, with the admin token).
// The logic is in wasm/report, wasm/coordinator and wasm/ui; this package
// only connects it to the page through wasm/dom.
package main

import (
	"lagesbild/wasm/dom"
	"lagesbild/wasm/page"
)

func main() {
	page.Start()
	switch dom.Body().Data("page") {
	case "result":
		startResult()
	case "county":
		startCounty()
	case "start":
		startStart()
	case "coordinator":
		startCoordinator()
	}
	page.Ready()
}
