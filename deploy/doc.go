// Package deploy holds deploy.sh, which `make deploy`, `make dry-run` and
// `make backup` run (README.md, "I produktion / In production"), and its
// tests: the refusals of a deploy that would go wrong, and a backup that
// restores to the same rows (run against a local D1, offline).
package deploy
