//go:build !js

// Package workshop drives the workshop API of a running worker over HTTP:
// the tests of this folder (API and browser, against workerd) and the load
// script (e2e/cmd/workshopload) share it.
package workshop

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"lagesbild/api"
)

// Client speaks to one worker.
type Client struct {
	URL  string // http://127.0.0.1:<port>
	HTTP *http.Client
}

// New returns a client of the worker at url with a pooled transport sized
// for many concurrent participants.
func New(url string) *Client {
	tr := &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, IdleConnTimeout: 30 * time.Second}
	return &Client{URL: url, HTTP: &http.Client{Timeout: 30 * time.Second, Transport: tr}}
}

// Reply is an answer of the worker.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r Reply) String() string { return fmt.Sprintf("%d %s", r.Status, bytes.TrimSpace(r.Body)) }

// Error is the JSON error of a reply: its code and message.
func (r Reply) Error() (code, msg string) {
	var e api.Error
	json.Unmarshal(r.Body, &e)
	return e.Code, e.Message
}

// Code is the code of an error reply ("" for an answer that is no error).
func (r Reply) Code() string {
	if r.Status < 400 {
		return ""
	}
	code, _ := r.Error()
	return code
}

// Decode decodes the body into v.
func (r Reply) Decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("decoding %s: %w", r, err)
	}
	return nil
}

// Do sends a request; body is sent as JSON unless nil. headers are extra
// headers as name, value pairs.
func (c *Client) Do(ctx context.Context, method, path, token string, body any, headers ...string) (Reply, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return Reply{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.URL+path, rd)
	if err != nil {
		return Reply{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return Reply{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return Reply{}, fmt.Errorf("%s %s: reading: %w", method, path, err)
	}
	return Reply{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// expect checks a reply's status.
func expect(r Reply, err error, status ...int) (Reply, error) {
	if err != nil {
		return r, err
	}
	for _, s := range status {
		if r.Status == s {
			return r, nil
		}
	}
	return r, fmt.Errorf("got %s, want status %v", r, status)
}

// Create makes a session; body may be nil for the defaults.
func (c *Client) Create(ctx context.Context, body any) (api.Workshop, error) {
	if body == nil {
		body = map[string]any{}
	}
	var out api.Workshop
	r, err := c.Do(ctx, "POST", "/api/workshops", "", body)
	if r, err = expect(r, err, http.StatusCreated); err != nil {
		return out, err
	}
	return out, r.Decode(&out)
}

// Join joins a session as a device.
func (c *Client) Join(ctx context.Context, code, participant string) (Reply, error) {
	return c.Do(ctx, "POST", "/api/workshops/"+code+"/participants", "", map[string]string{"participant": participant})
}

// Answer sends one answer of a device.
func (c *Client) Answer(ctx context.Context, code, participant, item, value string) (Reply, error) {
	return c.Do(ctx, "POST", "/api/workshops/"+code+"/answers", "",
		map[string]string{"participant": participant, "item": item, "value": value})
}

// Change is a facilitator's change (PATCH).
func (c *Client) Change(ctx context.Context, code, token string, body any) (api.Session, error) {
	var v api.Session
	r, err := c.Do(ctx, "PATCH", "/api/workshops/"+code, token, body)
	if r, err = expect(r, err, http.StatusOK); err != nil {
		return v, err
	}
	return v, r.Decode(&v)
}

// Wall polls the wall: with etag it may answer 304 (changed false).
func (c *Client) Wall(ctx context.Context, code, etag string) (v api.Wall, changed bool, err error) {
	var h []string
	if etag != "" {
		h = []string{"If-None-Match", etag}
	}
	r, err := c.Do(ctx, "GET", "/api/workshops/"+code+"/wall", "", nil, h...)
	if r, err = expect(r, err, http.StatusOK, http.StatusNotModified); err != nil {
		return v, false, err
	}
	if r.Status == http.StatusNotModified {
		return v, false, nil
	}
	return v, true, r.Decode(&v)
}

// Save saves the room's settled answers into a round.
func (c *Client) Save(ctx context.Context, code, token string, body any) (Reply, error) {
	return c.Do(ctx, "POST", "/api/workshops/"+code+"/response", token, body)
}

// Device makes participant n's id: a UUID unique to a run and n.
func Device(run string, n int) string {
	h := uint32(2166136261)
	for _, c := range run {
		h = (h ^ uint32(c)) * 16777619
	}
	return fmt.Sprintf("%08x-%04x-4000-8000-%012d", h, n/1000000000000%0x10000, n%1000000000000)
}

// Count is what the wall says of one item once visible: option → count.
func Count(v api.Wall, item string) (map[string]int, bool) {
	for _, it := range v.Wall.Items {
		if it.Item == item {
			m := map[string]int{}
			for _, c := range it.Counts {
				if c.N > 0 {
					m[c.Value] = c.N
				}
			}
			return m, !it.Hidden
		}
	}
	return nil, false
}

// Etag reads the ETag of a reply ("" when none).
func Etag(r Reply) string { return strings.TrimSpace(r.Header.Get("ETag")) }
