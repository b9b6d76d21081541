//go:build !linux

package explore

func machineLimit() (uint64, string, bool) { return 0, "", false }
