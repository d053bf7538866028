package directory

import "testing"

// TestCostKnownOrNot: only an explicit free option is free, only an explicit fee is "not
// free", and a service that says nothing of cost is neither.
func TestCostKnownOrNot(t *testing.T) {
	zero, five := 0.0, 5.0
	for _, c := range []struct {
		name      string
		costs     []CostOption
		fees      string
		free, fee bool
	}{
		{"nothing said", nil, "", false, false},
		{"a fee text only", nil, "Call for fees.", false, false},
		{"amount zero", []CostOption{{Amount: &zero}}, "", true, false},
		{"named Free", []CostOption{{Option: " free "}}, "", true, false},
		{"an amount", []CostOption{{Option: "Visit", Amount: &five, Currency: "USD"}}, "", false, true},
		{"sliding scale", []CostOption{{Option: "Sliding scale"}}, "", false, true},
		{"an empty option", []CostOption{{AmountDescription: "Ask."}}, "", false, false},
	} {
		s := &Service{CostOptions: c.costs, FeesDescription: c.fees}
		if IsFree(s) != c.free || HasFee(s) != c.fee {
			t.Errorf("%s: IsFree %v HasFee %v, want %v %v", c.name, IsFree(s), HasFee(s), c.free, c.fee)
		}
	}
}

// TestPhysicalAddress: the physical address whatever its place, else the first, else none.
func TestPhysicalAddress(t *testing.T) {
	postal, physical := Address{Address1: "PO Box 9", AddressType: "postal"}, Address{Address1: "1 Main St", AddressType: "physical"}
	if a := PhysicalAddress(&Location{Addresses: []Address{postal, physical}}); a == nil || a.Address1 != "1 Main St" {
		t.Errorf("postal then physical: %+v", a)
	}
	if a := PhysicalAddress(&Location{Addresses: []Address{postal}}); a == nil || a.Address1 != "PO Box 9" {
		t.Errorf("postal only: %+v", a)
	}
	if a := PhysicalAddress(&Location{}); a != nil {
		t.Errorf("no address: %+v", a)
	}
}
