package tokens

import (
	"fmt"
	"strings"
)

// upgradeOrdersAccessV3Region derives the region of a version 2 token,
// which predates the claim. Tenants created for the EU data region have
// IDs that start with "eu-"; every other tenant, including those that
// version 1 tokens map to "legacy", lives in the US region.
func upgradeOrdersAccessV3Region(old *OrdersAccessV2) (OrdersAccessRegion, error) {
	if old.TenantID == "" {
		return "", fmt.Errorf("tenant_id is empty, so the region is unknown")
	}
	if strings.HasPrefix(old.TenantID, "eu-") {
		return OrdersAccessRegionEu, nil
	}
	return OrdersAccessRegionUs, nil
}
