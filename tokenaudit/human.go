package tokenaudit

import (
	"fmt"
	"time"
)

// humanDuration writes d, which must not be negative, in its largest whole
// unit: "40 seconds", "12 minutes", "3 hours", "2 days".
func humanDuration(d time.Duration) string {
	unit := func(n int64, name string) string {
		if n == 1 {
			return "1 " + name
		}
		return fmt.Sprintf("%d %ss", n, name)
	}
	switch {
	case d < time.Minute:
		return unit(int64(d/time.Second), "second")
	case d < time.Hour:
		return unit(int64(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return unit(int64(d/time.Hour), "hour")
	}
	return unit(int64(d/(24*time.Hour)), "day")
}

// describeTime writes a registered time claim relative to now, as "expires
// in 12 minutes" or "expired 3 hours ago".
func describeTime(name string, at, now time.Time) string {
	future := at.After(now)
	d := at.Sub(now)
	if !future {
		d = -d
	}
	span := humanDuration(d)
	switch {
	case name == "exp" && future:
		return "expires in " + span
	case name == "exp":
		return "expired " + span + " ago"
	case name == "nbf" && future:
		return "not valid until " + span + " from now"
	case name == "nbf":
		return "valid since " + span + " ago"
	case name == "iat" && future:
		return "issued " + span + " in the future"
	case name == "iat":
		return "issued " + span + " ago"
	case future:
		return span + " from now"
	}
	return span + " ago"
}
