//go:build !linux && !js

package workerd

import (
	"errors"
	"time"
)

// WorkerCPU needs Linux's /proc.
func (w *Worker) WorkerCPU() (time.Duration, error) {
	return 0, errors.New("CPU time of workerd is read from /proc: Linux only")
}
