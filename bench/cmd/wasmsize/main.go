//go:build !js

// Command wasmsize shows what makes a Go wasm binary big: it builds the
// package (GOOS=js GOARCH=wasm, with symbol names, otherwise as `make`
// builds it), and sums the code size of its functions by Go package, from
// the wasm name section. The data section (type information, strings,
// embedded files, pclntab) is reported as one figure.
//
//	go run ./bench/cmd/wasmsize [-top 30] ./wasm/app
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	top := flag.Int("top", 30, "packages to list")
	funcs := flag.Int("funcs", 0, "largest functions to list")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("wasmsize: ")
	pkg := flag.Arg(0)
	if pkg == "" {
		pkg = "./wasm/app"
	}
	dir, err := os.MkdirTemp("", "wasmsize-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "x.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		log.Fatal(err)
	}
	m, err := parse(b)
	if err != nil {
		log.Fatal(err)
	}
	byPkg := map[string]int{}
	var total int
	type fn struct {
		name string
		size int
	}
	var fns []fn
	for i, size := range m.bodies {
		name := m.names[m.imports+i]
		byPkg[pkgOf(name)] += size
		total += size
		fns = append(fns, fn{name, size})
	}
	fmt.Printf("%s: %d bytes: code %d, data %d, other %d\n", pkg, len(b), m.code, m.data, len(b)-m.code-m.data)
	type kv struct {
		k string
		v int
	}
	var s []kv
	for k, v := range byPkg {
		s = append(s, kv{k, v})
	}
	sort.Slice(s, func(i, j int) bool { return s[i].v > s[j].v })
	fmt.Printf("\ncode by package (function bodies, %d bytes)\n", total)
	for i, e := range s {
		if i == *top {
			break
		}
		fmt.Printf("%9d %5.1f%%  %s\n", e.v, 100*float64(e.v)/float64(total), e.k)
	}
	if *funcs > 0 {
		sort.Slice(fns, func(i, j int) bool { return fns[i].size > fns[j].size })
		fmt.Printf("\nlargest functions\n")
		for i := 0; i < *funcs && i < len(fns); i++ {
			fmt.Printf("%9d  %s\n", fns[i].size, fns[i].name)
		}
	}
}

// pkgOf is the package of a Go symbol name ("encoding/json.(*decodeState).object" → "encoding/json").
func pkgOf(name string) string {
	slash := strings.LastIndex(name, "/")
	rest := name[slash+1:]
	if i := strings.IndexByte(rest, '.'); i >= 0 {
		return name[:slash+1+i]
	}
	return name
}

type module struct {
	imports    int            // imported functions (they come first in the index space)
	bodies     []int          // code size of each defined function
	names      map[int]string // function index → name
	code, data int
}

func uleb(b []byte, i *int) (uint64, error) {
	v, n := binary.Uvarint(b[*i:])
	if n <= 0 {
		return 0, errors.New("bad LEB128")
	}
	*i += n
	return v, nil
}

func parse(b []byte) (*module, error) {
	if !bytes.HasPrefix(b, []byte("\x00asm")) {
		return nil, errors.New("not wasm")
	}
	m := &module{names: map[int]string{}}
	for i := 8; i < len(b); {
		id := b[i]
		i++
		size, err := uleb(b, &i)
		if err != nil {
			return nil, err
		}
		sec := b[i : i+int(size)]
		switch id {
		case 2: // imports
			j := 0
			n, _ := uleb(sec, &j)
			for k := uint64(0); k < n; k++ {
				for range 2 { // module, field
					l, _ := uleb(sec, &j)
					j += int(l)
				}
				kind := sec[j]
				j++
				switch kind {
				case 0:
					uleb(sec, &j)
					m.imports++
				case 1:
					j++
					flags, _ := uleb(sec, &j)
					uleb(sec, &j)
					if flags&1 != 0 {
						uleb(sec, &j)
					}
				case 2:
					flags, _ := uleb(sec, &j)
					uleb(sec, &j)
					if flags&1 != 0 {
						uleb(sec, &j)
					}
				case 3:
					j += 2
				}
			}
		case 10: // code
			m.code = int(size)
			j := 0
			n, _ := uleb(sec, &j)
			for k := uint64(0); k < n; k++ {
				l, _ := uleb(sec, &j)
				m.bodies = append(m.bodies, int(l))
				j += int(l)
			}
		case 11:
			m.data = int(size)
		case 0: // custom
			j := 0
			l, _ := uleb(sec, &j)
			if string(sec[j:j+int(l)]) == "name" {
				j += int(l)
				for j < len(sec) {
					sub := sec[j]
					j++
					sl, _ := uleb(sec, &j)
					end := j + int(sl)
					if sub == 1 {
						n, _ := uleb(sec, &j)
						for k := uint64(0); k < n; k++ {
							idx, _ := uleb(sec, &j)
							nl, _ := uleb(sec, &j)
							m.names[int(idx)] = string(sec[j : j+int(nl)])
							j += int(nl)
						}
					}
					j = end
				}
			}
		}
		i += int(size)
	}
	return m, nil
}
