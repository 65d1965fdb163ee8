package webhook

import "planboard/app/netguard"

// Guard keeps deliveries out of private networks: app/netguard, shared with
// every other outgoing request to a URL a user entered.
type Guard = netguard.Guard

// BlockedError is a connection the guard refused (netguard.BlockedError).
type BlockedError = netguard.BlockedError

// Public reports whether a delivery may connect to an address (netguard.Public).
var Public = netguard.Public

// IsBlocked reports whether err is a connection the guard refused.
var IsBlocked = netguard.IsBlocked
