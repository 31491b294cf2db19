//go:build linux

package workerd

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTick is USER_HZ, the unit of /proc/<pid>/stat times (100 on Linux).
const clockTick = 100

// WorkerCPU returns the CPU time (user + system) used so far by the workerd
// process that runs the worker: the one that holds the local D1's SQLite
// file open. The difference over a run of requests, divided by their
// number, is the worker's CPU per request, D1's SQLite work included.
func (w *Worker) WorkerCPU() (time.Duration, error) {
	pid, err := w.workerPID()
	if err != nil {
		return 0, err
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name (which may hold spaces) start at ") ".
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: bad times", pid)
	}
	return time.Duration(utime+stime) * time.Second / clockTick, nil
}

// workerPID finds the process of the group that has a file under State open.
func (w *Worker) workerPID() (int, error) {
	pgid := w.cmd.Process.Pid
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		pid, err := strconv.Atoi(filepath.Base(p))
		if err != nil {
			continue
		}
		b, err := os.ReadFile(p + "/stat")
		if err != nil {
			continue
		}
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
		if len(f) < 3 || f[2] != strconv.Itoa(pgid) {
			continue
		}
		fds, _ := filepath.Glob(p + "/fd/*")
		for _, fd := range fds {
			if target, err := os.Readlink(fd); err == nil && strings.HasPrefix(target, w.State) && strings.HasSuffix(target, ".sqlite") {
				return pid, nil
			}
		}
	}
	return 0, fmt.Errorf("no process of group %d holds a D1 file under %s", pgid, w.State)
}
