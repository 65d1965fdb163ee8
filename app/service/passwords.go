package service

// Passwords is the hashing the service was built with (Deps.Passwords), for
// the pages that still compare and hash a password themselves (the
// profile's password change in app/web/profile.go), so that they hash at
// the same cost as the use cases.
func (s *Service) Passwords() Passwords { return s.passwords }
