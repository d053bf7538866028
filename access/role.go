package access

import "strings"

// Role is what a user does in the program; it decides which routes they may call.
type Role string

// The roles. DESIGN.md says what each needs: peers and clinicians work with people in
// the field, coordinators report on the program, agency staff keep their own
// organization's listings and answer referrals sent to it, admins run the service.
const (
	Peer        Role = "peer"
	Clinician   Role = "clinician"
	Coordinator Role = "coordinator"
	Agency      Role = "agency"
	Admin       Role = "admin"
)

// Roles lists every role, lowest privilege first.
func Roles() []Role { return []Role{Peer, Clinician, Coordinator, Agency, Admin} }

// ParseRole reads a role name; ok is false for anything that is not a role.
func ParseRole(s string) (Role, bool) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Roles() {
		if r == x {
			return r, true
		}
	}
	return "", false
}

// RoleNames is the roles as text, for messages and help.
func RoleNames() string {
	names := make([]string, 0, len(Roles()))
	for _, r := range Roles() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}
