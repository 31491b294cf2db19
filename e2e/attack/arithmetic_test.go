//go:build !js

package attack_test

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"lagesbild"
)

// arithmetic writes how the attacker works out a leak's first combination
// from the figures it saw, as issue 11 does ("6 × 48.4 − 5 × 47.7 = 51.9"):
// the figures' sums (n × the mean shown) with the coefficients that give the
// combination, less what it knows itself, against the true value. The
// audit says that the combination is derivable; this finds one derivation
// by elimination over the rationals, for the message.
func (g *game) arithmetic(kind, measure string, pubs []pub, in lagesbild.Insider, l lagesbild.Leak) string {
	if len(l.Derivable) == 0 {
		return ""
	}
	target := l.Derivable[0]
	knownUnit := map[string]bool{}
	for _, u := range in.Units {
		knownUnit[u] = true
	}
	knownVar := map[lagesbild.Var]bool{}
	for _, v := range in.Vars {
		knownVar[v] = true
	}
	known := func(v lagesbild.Var) bool { return knownUnit[v.Unit] || knownVar[v] }

	// Equations: one per unknown Var, Σ_i y_i [Var ∈ pub i] = its coefficient.
	row := map[lagesbild.Var]int{}
	var vars []lagesbild.Var
	index := func(v lagesbild.Var) int {
		r, ok := row[v]
		if !ok {
			r = len(vars)
			row[v] = r
			vars = append(vars, v)
		}
		return r
	}
	for _, p := range pubs {
		for _, v := range p.Vars {
			if !known(v) {
				index(v)
			}
		}
	}
	for _, t := range target {
		if t.Coef == 0 {
			return "" // coefficients too large to show
		}
		index(t.Var)
	}
	n := len(pubs)
	m := make([][]*big.Rat, len(vars))
	for r := range m {
		m[r] = make([]*big.Rat, n+1)
		for c := range m[r] {
			m[r][c] = new(big.Rat)
		}
	}
	for i, p := range pubs {
		for _, v := range p.Vars {
			if !known(v) {
				m[row[v]][i].SetInt64(1)
			}
		}
	}
	for _, t := range target {
		m[row[t.Var]][n].SetInt64(t.Coef)
	}
	// Reduced row echelon form; free y are 0.
	pivots := []int{}
	r := 0
	for c := 0; c < n && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if m[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		inv := new(big.Rat).Inv(m[r][c])
		for j := range m[r] {
			m[r][j].Mul(m[r][j], inv)
		}
		for i := range m {
			if i != r && m[i][c].Sign() != 0 {
				f := new(big.Rat).Set(m[i][c])
				for j := range m[i] {
					m[i][j].Sub(m[i][j], new(big.Rat).Mul(f, m[r][j]))
				}
			}
		}
		pivots = append(pivots, c)
		r++
	}
	for i := r; i < len(m); i++ {
		if m[i][n].Sign() != 0 {
			return "(no derivation found over the figures: " + l.String() + ")"
		}
	}
	y := make([]*big.Rat, n)
	for i := range y {
		y[i] = new(big.Rat)
	}
	for i, c := range pivots {
		y[c].Set(m[i][n])
	}

	var sb strings.Builder
	sb.WriteString(measure + ": ")
	estimate, own := new(big.Rat), new(big.Rat)
	terms := 0
	for i, p := range pubs {
		if y[i].Sign() == 0 {
			continue
		}
		sum := new(big.Rat)
		var what string
		if kind == "n" {
			sum.SetInt64(int64(p.n))
			what = "n " + strconv.Itoa(p.n)
		} else {
			sum.SetFloat64(p.shown)
			sum.Mul(sum, new(big.Rat).SetInt64(int64(p.n)))
			what = fmt.Sprintf("%d × %s", p.n, strconv.FormatFloat(p.shown, 'f', -1, 64))
		}
		for _, v := range p.Vars {
			if known(v) {
				x := new(big.Rat).SetFloat64(g.value(kind, measure, v))
				own.Add(own, new(big.Rat).Mul(y[i], x))
			}
		}
		estimate.Add(estimate, new(big.Rat).Mul(y[i], sum))
		c := new(big.Rat).Abs(y[i])
		switch {
		case terms == 0 && y[i].Sign() < 0:
			sb.WriteString("− ")
		case terms > 0 && y[i].Sign() < 0:
			sb.WriteString(" − ")
		case terms > 0:
			sb.WriteString(" + ")
		}
		if c.Cmp(big.NewRat(1, 1)) != 0 {
			sb.WriteString(c.RatString() + "·")
		}
		sb.WriteString(what + " [" + p.Name + "]")
		terms++
	}
	if own.Sign() != 0 {
		estimate.Sub(estimate, own)
		sb.WriteString(" − " + ratString(own) + " (its own)")
	}
	truth := new(big.Rat)
	for _, t := range target {
		x := new(big.Rat).SetFloat64(g.value(kind, measure, t.Var))
		truth.Add(truth, new(big.Rat).Mul(big.NewRat(t.Coef, 1), x))
	}
	what := strings.TrimPrefix(lagesbild.Leak{Derivable: [][]lagesbild.Term{target}}.String(), ": ")
	fmt.Fprintf(&sb, " = %s; true: %s = %s", ratString(estimate), what, ratString(truth))
	return sb.String()
}

// ratString is a rational to three decimals, trailing zeros dropped.
func ratString(r *big.Rat) string {
	s := r.FloatString(3)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
