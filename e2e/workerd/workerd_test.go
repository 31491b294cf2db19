//go:build !js

package workerd

import (
	"context"
	"errors"
	"testing"
)

// TestNotBuilt: without a build, Start says so with ErrNotBuilt (the tests
// that use it skip on that) and starts nothing.
func TestNotBuilt(t *testing.T) {
	root := t.TempDir()
	if err := Built(root); !errors.Is(err, ErrNotBuilt) {
		t.Errorf("Built(empty dir) = %v, want ErrNotBuilt", err)
	}
	w, err := Start(context.Background(), Options{Root: root})
	if !errors.Is(err, ErrNotBuilt) || w != nil {
		t.Errorf("Start(empty dir) = %v, %v; want nil, ErrNotBuilt", w, err)
	}
}
