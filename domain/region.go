package domain

import "unicode/utf8"

// Overseer is a node of the oversight tree above founders: a region's
// ministry or committee of culture, or the federal ministry above the
// regions (docs/regions.md). One kind of node at every level: a node sees
// the founders attached to it and to every node below it, nothing beside.
type Overseer struct {
	ID        int64
	ParentID  int64 // 0 at the top
	Name      string
	ShortName string
	Path      []int64 // the ids from the top down to the node itself
}

// Depth is how far below the top the node is (0 at the top).
func (o Overseer) Depth() int {
	if len(o.Path) == 0 {
		return 0
	}
	return len(o.Path) - 1
}

// Resource returns the policy's resource for the node.
func (o Overseer) Resource() Resource { return Resource{OverseerPath: o.Path} }

// OverseerInput is a new overseer node as the admin's form sends it.
type OverseerInput struct {
	ParentID        int64
	Name, ShortName string
}

// Overseer checks the input (field keys region_name, region_short) and
// returns the node to store.
func (in *OverseerInput) Overseer() (Overseer, FieldErrors) {
	var fe FieldErrors
	in.Name, in.ShortName = fe.Line("region_name", in.Name), fe.Line("region_short", in.ShortName)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > MaxTenantNameLen {
		fe.Add("region_name", "admin.name_required")
	}
	return Overseer{ParentID: in.ParentID, Name: in.Name, ShortName: in.ShortName}, fe
}

// overseesNode reports whether a belongs to a node on path (the node
// itself or one of its ancestors).
func (a Actor) overseesNode(path []int64) bool {
	for _, m := range a.Memberships {
		if m.Role == RoleRegion && containsID(path, m.OverseerID) {
			return true
		}
	}
	return false
}

// IsOverseer reports whether a belongs to some overseer node.
func (a Actor) IsOverseer() bool {
	for _, m := range a.Memberships {
		if m.Role == RoleRegion {
			return true
		}
	}
	return false
}

func containsID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// RegionFounder is a founder as an overseer sees it: where in the tree it
// hangs (OverseerPath: its node's path; empty when attached nowhere).
type RegionFounder struct {
	Founder
	OverseerID   int64
	OverseerPath []int64
}

// Below reports whether the founder hangs under node id (or on it).
func (f RegionFounder) Below(id int64) bool { return containsID(f.OverseerPath, id) }
