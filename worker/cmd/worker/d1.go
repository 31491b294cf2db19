//go:build js && wasm

package main

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"lagesbild/worker/glue"
	"lagesbild/worker/internal/d1json"
)

// The D1 driver of the pool glue. syumai's d1 driver makes two js.Funcs per
// query (and releases only the one that is called: one leaks per query,
// which a long-lived instance cannot afford) and crosses between Go and
// JavaScript for every column of every row. Under the pool glue,
// worker/glue/worker.mjs offers instead
//
//	context.d1(id, sql, mode, ...args)
//
// which runs the statement on the DB binding of the request being served and
// answers the way a request comes in (serve.go): it writes into the request
// buffer in Go's memory and calls the wasm export
// lagesbild_d1done(id, length, isError), then resumes Go (the names, modes
// and marks are declared in worker/glue/layout.go). What it writes is the
// error's message, or the rows of raw({columnNames: true}) (mode "query") or
// [changes, last_row_id] (mode "exec") as one JSON text — or, for one text
// in one row, "\x00name\x00text": the text as it is, where JSON would escape
// the control characters the aggregate uses.

// bridge sends statements to the glue and routes the answers back.
type bridge struct {
	d1      js.Value // context.d1
	mu      sync.Mutex
	next    int
	waiting map[int]chan d1answer
	texts   map[string]js.Value // statements and modes as JavaScript strings, made once
}

// d1answer is an answer the glue has written into the request buffer
// (server.in): n bytes of JSON, or of an error message.
type d1answer struct {
	n     int
	isErr bool
}

// bridgeOf is the bridge of the pool glue, for d1doneExport.
//
//lint:ignore U1000 used by d1doneExport, which the glue calls (go:wasmexport)
var bridgeOf *bridge

// newBridge returns the bridge, or nil when the glue offers no context.d1
// (the stock glue: syumai's driver is used then).
func newBridge() *bridge {
	d1 := js.Global().Get("context").Get("d1")
	if d1.Type() != js.TypeFunction {
		return nil
	}
	b := &bridge{d1: d1, waiting: map[int]chan d1answer{}, texts: map[string]js.Value{}}
	bridgeOf = b
	return b
}

// d1doneExport hands the answer to statement id, which the glue has written
// into the request buffer, to the goroutine waiting for it; the glue resumes
// Go next, and that goroutine copies the answer out before the glue writes
// anything else there (it writes only while Go is paused). Like
// serveExport, it must not block: it returns 0 when nobody waits.
//
//lint:ignore U1000 called by the glue (go:wasmexport), which staticcheck does not see
//go:wasmexport lagesbild_d1done
func d1doneExport(id, n, isErr int32) int32 {
	b, s := bridgeOf, pool
	if b == nil || s == nil || n < 0 || int(n) > len(s.in) {
		return 0
	}
	b.mu.Lock() // never held while a goroutine waits, so never held now
	ch := b.waiting[int(id)]
	delete(b.waiting, int(id))
	b.mu.Unlock()
	if ch == nil {
		return 0 // given up on (its context ended)
	}
	ch <- d1answer{n: int(n), isErr: isErr != 0} // buffered, one answer per id: never blocks
	return 1
}

// text returns s as a JavaScript string, made once: statements are few and
// fixed, and each new string would cost a crossing and a finalizer.
func (b *bridge) text(s string) js.Value {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.texts[s]
	if !ok {
		v = js.ValueOf(s)
		if len(b.texts) < 256 { // a statement made on the fly is not kept forever
			b.texts[s] = v
		}
	}
	return v
}

// run sends one statement and waits for its answer.
func (b *bridge) run(ctx context.Context, mode, query string, args []driver.NamedValue) (string, error) {
	vals := make([]any, 3, 3+len(args))
	for _, a := range args {
		switch v := a.Value.(type) {
		case []byte:
			u := js.Global().Get("Uint8Array").New(len(v))
			js.CopyBytesToJS(u, v)
			vals = append(vals, u)
		case time.Time:
			return "", errors.New("d1: pass times as strings")
		default:
			vals = append(vals, v)
		}
	}
	ch := make(chan d1answer, 1)
	b.mu.Lock()
	b.next++
	id := b.next
	b.waiting[id] = ch
	b.mu.Unlock()
	vals[0], vals[1], vals[2] = id, b.text(query), b.text(mode)
	b.d1.Invoke(vals...)
	select {
	case a := <-ch:
		text := string(pool.in[:a.n]) // at once: the glue writes there again after this pause
		if a.isErr {
			return "", errors.New(text)
		}
		return text, nil
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.waiting, id)
		b.mu.Unlock()
		return "", ctx.Err()
	}
}

// bridgeConnector makes connections on the bridge (database/sql.OpenDB).
type bridgeConnector struct{ b *bridge }

func (c bridgeConnector) Connect(context.Context) (driver.Conn, error) { return bridgeConn(c), nil }
func (c bridgeConnector) Driver() driver.Driver                        { return bridgeDriver{} }

type bridgeDriver struct{}

func (bridgeDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("d1: use sql.OpenDB with the connector")
}

type bridgeConn struct{ b *bridge }

func (c bridgeConn) Prepare(query string) (driver.Stmt, error) { return bridgeStmt{c.b, query}, nil }
func (c bridgeConn) Close() error                              { return nil }
func (c bridgeConn) Begin() (driver.Tx, error) {
	return nil, errors.New("d1: transactions are not supported")
}

type bridgeStmt struct {
	b     *bridge
	query string
}

func (s bridgeStmt) Close() error  { return nil }
func (s bridgeStmt) NumInput() int { return -1 }
func (s bridgeStmt) Exec([]driver.Value) (driver.Result, error) {
	return nil, errors.New("d1: use ExecContext")
}
func (s bridgeStmt) Query([]driver.Value) (driver.Rows, error) {
	return nil, errors.New("d1: use QueryContext")
}

func (s bridgeStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	text, err := s.b.run(ctx, glue.D1Exec, s.query, args)
	if err != nil {
		return nil, err
	}
	v, err := d1json.ParseArray(text)
	if err != nil || len(v) != 2 {
		return nil, fmt.Errorf("d1: bad result %.100q: %v", text, err)
	}
	n, _ := v[0].(int64)
	id, _ := v[1].(int64)
	return bridgeResult{n, id}, nil
}

func (s bridgeStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	text, err := s.b.run(ctx, glue.D1Query, s.query, args)
	if err != nil {
		return nil, err
	}
	if rest, ok := strings.CutPrefix(text, glue.D1Text); ok { // one text in one row, unescaped
		name, value, _ := strings.Cut(rest, glue.D1Text)
		return &bridgeRows{columns: []string{name}, rows: [][]any{{value}}}, nil
	}
	v, err := d1json.ParseArray(text)
	if err != nil || len(v) == 0 {
		return nil, fmt.Errorf("d1: bad rows %.100q: %v", text, err)
	}
	names, _ := v[0].([]any)
	r := &bridgeRows{columns: make([]string, len(names))}
	for i, n := range names {
		r.columns[i], _ = n.(string)
	}
	for _, row := range v[1:] {
		vals, _ := row.([]any)
		if len(vals) != len(names) {
			return nil, fmt.Errorf("d1: a row of %d values for %d columns", len(vals), len(names))
		}
		r.rows = append(r.rows, vals)
	}
	return r, nil
}

type bridgeResult struct{ changes, lastID int64 }

func (r bridgeResult) LastInsertId() (int64, error) { return r.lastID, nil }
func (r bridgeResult) RowsAffected() (int64, error) { return r.changes, nil }

type bridgeRows struct {
	columns []string
	rows    [][]any
}

func (r *bridgeRows) Columns() []string { return r.columns }
func (r *bridgeRows) Close() error      { return nil }

func (r *bridgeRows) Next(dest []driver.Value) error {
	if len(r.rows) == 0 {
		return io.EOF
	}
	for i, v := range r.rows[0] {
		if a, ok := v.([]any); ok { // a BLOB: D1 gives its bytes as numbers
			b := make([]byte, len(a))
			for j, x := range a {
				n, _ := x.(int64)
				b[j] = byte(n)
			}
			v = b
		}
		dest[i] = v
	}
	r.rows = r.rows[1:]
	return nil
}
