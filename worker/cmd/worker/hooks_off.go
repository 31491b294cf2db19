//go:build js && wasm && !testhooks

package main

import (
	"database/sql"
	"net/http"
)

// testHooks returns the handler as it is: the test routes (hooks.go) are
// built only with -tags testhooks, into the test worker of e2e/pool
// (`make worker-test`), never into this one.
func testHooks(next http.Handler, _ *sql.DB) http.Handler { return next }
