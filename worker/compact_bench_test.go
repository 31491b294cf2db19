package worker

import (
	"os"
	"strconv"
	"testing"

	"lagesbild/worker/internal/compact"
)

// BenchmarkParseAggregate decodes what aggregate.sql returns for the demo
// round and a previous round (290 municipalities each, every measure of
// kommun): the hot path of GET /api/rounds/{round}/counties/{county}.
func BenchmarkParseAggregate(b *testing.B) {
	text, err := os.ReadFile("internal/compact/testdata/aggregate.txt")
	if err != nil {
		b.Fatal(err)
	}
	s := string(text)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseAggregate(s); err != nil {
			b.Fatal(err)
		}
	}
}

// roomSample is what workshopRoom's statement returns for a room whose 10
// items of the workshop questionnaire are all shown: per item, the count
// of each of four values.
func roomSample() string {
	items := []string{"rutiner.handlingsplan", "rutiner.ansvar", "kunskap.utbildning", "kunskap.chefer", "ansvar.uppdrag",
		"ansvar.resurser", "samverkan.polis", "samverkan.region", "forebyggande.information", "forebyggande.uppsok"}
	values := []string{"ja", "delvis", "nej", "vet-ej"}
	var b []byte
	for i, it := range items {
		if i > 0 {
			b = append(b, compact.RS)
		}
		b = append(b, it...)
		for j, v := range values {
			b = append(b, compact.US)
			b = append(b, v...)
			b = append(b, compact.GS)
			b = strconv.AppendInt(b, int64(10+(i*7+j)%50), 10)
		}
	}
	return string(b)
}

func BenchmarkParseShown(b *testing.B) {
	s := roomSample()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseShown(s); err != nil {
			b.Fatal(err)
		}
	}
}
