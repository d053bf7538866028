// Package deploy holds no code: this folder is the deployment others copy (the compose
// file, the Caddyfile, the Prometheus configuration and alert rules, the nightly job and
// the smoke test), and the package's tests check those files and the repository's
// Dockerfile. See README, Production.
package deploy
