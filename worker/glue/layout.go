// Package glue declares, once, how the pool glue (worker.mjs beside this
// file) and the Go worker (worker/cmd/worker) meet: where in Go's memory a
// request goes in and an answer comes out, the names of the wasm exports and
// of the binding's properties, and the forms of D1's answers.
//
// The Go worker uses these declarations; the glue imports layout.mjs, which
// is generated from them (`go generate ./worker/glue`, gen.go) and checked by
// TestLayoutJS, which fails when it is stale. Nothing else in either side
// spells an offset or one of these names.
//
// The pool glue's own logic (instances, queueing, Go's timeouts) is in
// pool.mjs, tested without workerd by pool.test.mjs (`make test-glue`).
package glue

//go:generate go run gen.go

// Mailbox is where Go leaves its answer to a request, at binding[OutPtr].
// The glue reads it each time Go has paused (after go._resume), copies the
// answer out and sets Ready to 0, before Go runs again. Every field is a
// uint32, little-endian (wasm's byte order); layout.mjs gives the glue each
// field's byte offset (MAILBOX_READY, MAILBOX_STATUS, …) and MAILBOX_SIZE.
type Mailbox struct {
	Ready   uint32 // 1: an answer waits
	Status  uint32 // the HTTP status; 0: the request could not be read, the body is the message
	Ptr     uint32 // where in Go's memory the body and then the head ("name: value\n"…) lie
	BodyLen uint32 // the body's length in bytes
	HeadLen uint32 // the head's length in bytes, right after the body
}

// The wasm exports of the Go worker that the glue calls. Go spells them
// again in its //go:wasmexport directives (a directive takes no constant);
// TestExports checks that the two agree.
const (
	// ExportServe(headLen, bodyLen, hasBody) queues the request the glue has
	// written into the request buffer (head, then body); 1 if taken.
	ExportServe = "lagesbild_serve"
	// ExportD1Done(id, length, isError) hands Go the answer to D1 statement
	// id, written into the request buffer; 1 if taken (0: given up on).
	ExportD1Done = "lagesbild_d1done"
)

// The properties of the binding object (the runtime context's `binding`)
// that Go sets for the glue.
const (
	InPtr   = "inPtr"   // the address of the request buffer in Go's memory
	InCap   = "inCap"   // its size in bytes
	OutPtr  = "outPtr"  // the address of the Mailbox
	Reserve = "reserve" // reserve(n): makes the request buffer at least n bytes (InPtr, InCap change)
)

// D1 through the glue (worker/cmd/worker/d1.go): the modes of the
// runtime context's d1(id, sql, mode, ...args), and the mark that starts an
// answer of one text in one row, D1Text + column name + D1Text + the text,
// sent as it is where JSON would escape the control characters in it.
const (
	D1Exec  = "exec"  // answered with [changes, last_row_id]
	D1Query = "query" // answered with the rows of raw({columnNames: true})
	D1Text  = "\x00"
)
