package lagesbild

import (
	"bytes"
	"testing"
)

func TestNewUUID(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{bytes.Repeat([]byte{0xff}, 16), "ffffffff-ffff-4fff-bfff-ffffffffffff"},
		{make([]byte, 16), "00000000-0000-4000-8000-000000000000"},
		{[]byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0}, "12345678-9abc-4ef0-9234-56789abcdef0"},
	}
	for _, tt := range tests {
		got, err := NewUUID(bytes.NewReader(tt.in))
		if err != nil || got != tt.want || !IsUUID(got) {
			t.Errorf("NewUUID(%x) = %q, %v; want %q, a UUID", tt.in, got, err, tt.want)
		}
	}
	if _, err := NewUUID(bytes.NewReader(make([]byte, 15))); err == nil {
		t.Error("NewUUID from 15 bytes: no error")
	}
}

func TestIsUUID(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"7c9e6679-7425-40de-944b-e07fc1f90ae7", true},
		{"7C9E6679-7425-40DE-944B-E07FC1F90AE7", false}, // canonical is lower case
		{"7c9e6679742540de944be07fc1f90ae7", false},
		{"7c9e6679-7425-40de-944b-e07fc1f90ae", false},
		{"7c9e6679-7425-40de-944b-e07fc1f90ae77", false},
		{"7c9e6679_7425-40de-944b-e07fc1f90ae7", false},
		{"7c9e6679-7425-40de-944b-e07fc1f90aeg", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsUUID(tt.s); got != tt.want {
			t.Errorf("IsUUID(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestFormatUUID(t *testing.T) {
	var ff, seq [16]byte
	for i := range ff {
		ff[i], seq[i] = 0xff, byte(i*17)
	}
	tests := []struct {
		b       [16]byte
		version byte
		want    string
	}{
		{ff, 4, "ffffffff-ffff-4fff-bfff-ffffffffffff"},
		{ff, 5, "ffffffff-ffff-5fff-bfff-ffffffffffff"},
		{[16]byte{}, 5, "00000000-0000-5000-8000-000000000000"},
		{seq, 5, "00112233-4455-5677-8899-aabbccddeeff"},
	}
	for _, tt := range tests {
		if got := FormatUUID(tt.b, tt.version); got != tt.want || !IsUUID(got) {
			t.Errorf("FormatUUID(%x, %d) = %q, want %q", tt.b, tt.version, got, tt.want)
		}
	}
}
