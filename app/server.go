// Package app is Planboard's process: it builds the web surface
// (app/web) with its collaborators and hands Fiber to cmd.
package app

import "planboard/app/web"

// The web surface's types, under the names cmd and the tests know.
type (
	App               = web.App
	Config            = web.Config
	Deps              = web.Deps
	Store             = web.Store
	BackupStatusStore = web.BackupStatusStore
)

// New builds the app with every route registered.
func New(d Deps) (*App, error) { return web.New(d) }

// HashPassword hashes a password for storage (bcrypt).
func HashPassword(pw string) (string, error) { return web.HashPassword(pw) }
